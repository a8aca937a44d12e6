// Dictionary-encoded strings of one batch: a key per row, each distinct value stored once, so
// the work done per distinct value (UTF-8 check, PII masking) is not repeated per row.
import { makeData, makeVector, type Data, type Dictionary, type Int32, type Utf8 } from 'apache-arrow';
import { NullableBuffer, type ColumnBuffer } from './column-buffers.js';

export class DictionaryBuffer extends NullableBuffer implements ColumnBuffer {
  private readonly keys: Int32Array;
  private readonly index = new Map<string, number>();
  private offsets = new Int32Array(1024);
  private bytes = new Uint8Array(64 * 1024);
  private size = 0;
  constructor(
    capacity: number,
    private readonly type: Dictionary<Utf8, Int32>,
  ) {
    super(capacity);
    this.keys = new Int32Array(capacity);
  }
  /** The key of a value seen before in this row group, under its identity (any string), or -1. */
  keyOf(identity: string): number {
    return this.index.get(identity) ?? -1;
  }
  /** Adds a new dictionary entry with these UTF-8 bytes and returns its key. */
  add(identity: string, utf8: Uint8Array): number {
    const key = this.index.size;
    const start = this.offsets[key] as number;
    if (key + 2 > this.offsets.length) this.offsets = grow(this.offsets, key + 2);
    if (start + utf8.length > this.bytes.length) this.bytes = grow(this.bytes, start + utf8.length);
    this.bytes.set(utf8, start);
    this.offsets[key + 1] = start + utf8.length;
    this.index.set(identity, key);
    this.size = key + 1;
    return key;
  }
  /** Bytes of the distinct values held so far. */
  get byteLength(): number {
    return this.offsets[this.size] as number;
  }
  set(row: number, key: number): void {
    this.keys[row] = key;
    this.valid[row] = 1;
  }
  /** The first `rows` rows all hold the value with this identity and UTF-8 bytes. */
  fill(rows: number, identity: string, utf8: Uint8Array): void {
    const known = this.keyOf(identity);
    this.keys.fill(known >= 0 ? known : this.add(identity, utf8), 0, rows);
    this.valid.fill(1, 0, rows);
  }
  override reset(): void {
    super.reset();
    this.index.clear();
    this.size = 0;
  }
  toData(rows: number): Data {
    const dictionary = makeData({
      type: this.type.dictionary,
      length: this.size,
      valueOffsets: this.offsets.slice(0, this.size + 1),
      data: this.bytes.slice(0, this.offsets[this.size]),
    });
    return makeData({ type: this.type, length: rows, data: this.keys.subarray(0, rows), dictionary: makeVector(dictionary), ...this.validity(rows) });
  }
}

function grow<T extends Int32Array | Uint8Array>(array: T, needed: number): T {
  const next = new (array.constructor as new (n: number) => T)(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}
