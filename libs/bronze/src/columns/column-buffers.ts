// Typed-array buffers for one row group, one per bronze column. Values are written by row index,
// so a row that is quarantined halfway is simply overwritten by the next one: nothing to undo.
// Validity is a byte per row while filling (cheap to write) and becomes an Arrow bitmap at flush.
import { Bool, Float64, makeData, type Data, type DateDay, type Int32, type Int64, type TimestampMicrosecond } from 'apache-arrow';

export interface ColumnBuffer {
  setNull(row: number): void;
  /** The first `rows` rows as Arrow data; the buffer may be refilled afterwards. */
  toData(rows: number): Data;
  /** Forgets the row group's content (dictionaries included). */
  reset(): void;
}

export abstract class NullableBuffer {
  protected readonly valid: Uint8Array;
  private sawNull = false;
  /** Set by fillNull: the batch is null throughout (change_txn_id of an extract), no bitmap to compute. */
  private allNull = false;
  constructor(capacity: number) {
    this.valid = new Uint8Array(capacity);
  }
  setNull(row: number): void {
    this.valid[row] = 0;
    this.sawNull = true;
  }
  /** Every one of the first `rows` rows is null. */
  fillNull(rows: number): void {
    this.valid.fill(0, 0, rows);
    this.sawNull = rows > 0;
    this.allNull = true;
  }
  reset(): void {
    this.sawNull = false;
    this.allNull = false;
  }
  /** Arrow's validity bitmap and null count, or none when every row has a value. */
  protected validity(rows: number): { nullBitmap?: Uint8Array; nullCount: number } {
    if (!this.sawNull) return { nullCount: 0 };
    if (this.allNull) return { nullBitmap: new Uint8Array(Math.ceil(rows / 8)), nullCount: rows };
    const { bits, ones } = packBits(this.valid, rows);
    return ones === rows ? { nullCount: 0 } : { nullBitmap: bits, nullCount: rows - ones };
  }
}

const TWO_32 = 4294967296;

/** Int64 and Timestamp(µs) values; safe integers are stored as two 32-bit words, without a BigInt. */
export class Int64Buffer extends NullableBuffer implements ColumnBuffer {
  private readonly values: BigInt64Array;
  private readonly words: Int32Array;
  constructor(
    capacity: number,
    private readonly type: Int64 | TimestampMicrosecond,
  ) {
    super(capacity);
    this.values = new BigInt64Array(capacity);
    this.words = new Int32Array(this.values.buffer);
  }
  /** `value` must be a safe integer. */
  setNumber(row: number, value: number): void {
    if (value >= 0 && value < TWO_32) {
      // Most ids and counters: no division needed.
      this.words[2 * row] = value;
      this.words[2 * row + 1] = 0;
    } else {
      const high = Math.floor(value / TWO_32);
      this.words[2 * row] = value - high * TWO_32;
      this.words[2 * row + 1] = high;
    }
    this.valid[row] = 1;
  }
  setBigInt(row: number, value: bigint): void {
    this.values[row] = value;
    this.valid[row] = 1;
  }
  /** The first `rows` rows all hold `value`, a safe integer. */
  fill(rows: number, value: number): void {
    this.values.fill(BigInt(value), 0, rows);
    this.valid.fill(1, 0, rows);
  }
  toData(rows: number): Data {
    // Both types store 64-bit integers; makeData's overloads just cannot take the union.
    return makeData({ type: this.type as Int64, length: rows, data: this.values.subarray(0, rows), ...this.validity(rows) });
  }
}

// Int32Buffer and Float64Buffer look alike on purpose: each keeps its own monomorphic set() on the
// parse hot path. A shared base class over an Int32Array | Float64Array union measured ~20% more CPU
// in `nx run bronze:bench` (ratio to DuckDB 1.68 against 1.40).

/** Int32 and Date32 (days) values. */
export class Int32Buffer extends NullableBuffer implements ColumnBuffer {
  private readonly values: Int32Array;
  constructor(
    capacity: number,
    private readonly type: Int32 | DateDay,
  ) {
    super(capacity);
    this.values = new Int32Array(capacity);
  }
  set(row: number, value: number): void {
    this.values[row] = value;
    this.valid[row] = 1;
  }
  toData(rows: number): Data {
    // Both types store 32-bit integers; makeData's overloads just cannot take the union.
    return makeData({ type: this.type as Int32, length: rows, data: this.values.subarray(0, rows), ...this.validity(rows) });
  }
}

export class Float64Buffer extends NullableBuffer implements ColumnBuffer {
  private readonly values: Float64Array;
  constructor(capacity: number) {
    super(capacity);
    this.values = new Float64Array(capacity);
  }
  set(row: number, value: number): void {
    this.values[row] = value;
    this.valid[row] = 1;
  }
  toData(rows: number): Data {
    return makeData({ type: new Float64(), length: rows, data: this.values.subarray(0, rows), ...this.validity(rows) });
  }
}

export class BoolBuffer extends NullableBuffer implements ColumnBuffer {
  private readonly values: Uint8Array;
  constructor(capacity: number) {
    super(capacity);
    this.values = new Uint8Array(capacity);
  }
  set(row: number, value: boolean): void {
    this.values[row] = value ? 1 : 0;
    this.valid[row] = 1;
  }
  toData(rows: number): Data {
    return makeData({ type: new Bool(), length: rows, data: packBits(this.values, rows).bits, ...this.validity(rows) });
  }
}

/** Arrow's LSB-first bitmap of the first `rows` bytes (each 0 or 1), and how many were 1. */
function packBits(bytes: Uint8Array, rows: number): { bits: Uint8Array; ones: number } {
  const bits = new Uint8Array(Math.ceil(rows / 8));
  let ones = 0;
  let byte = 0;
  for (let row = 0; row < rows; row++) {
    const bit = bytes[row] as number;
    byte |= bit << (row & 7);
    ones += bit;
    if ((row & 7) === 7) {
      bits[row >> 3] = byte;
      byte = 0;
    }
  }
  if ((rows & 7) !== 0) bits[rows >> 3] = byte;
  return { bits, ones };
}
