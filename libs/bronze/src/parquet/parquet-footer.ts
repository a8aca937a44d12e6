// Reads the row count and row-group count from a Parquet footer (Thrift compact protocol), so the
// converter can prove that every row it handed to the encoder is in the file: parquet-wasm's
// streaming writer does not report write errors, it only leaves rows out.

const MAGIC = 'PAR1';
const STOP = 0;
const TRUE = 1;
const FALSE = 2;
const BYTE = 3;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;

export interface ParquetFooterSummary {
  readonly rows: number;
  readonly rowGroups: number;
}

class CompactReader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  byte(): number {
    const value = this.buf[this.pos++];
    if (value === undefined) throw new RangeError('Parquet footer ends early');
    return value;
  }
  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }
  zigzag(): number {
    const value = this.varint();
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }
  skip(type: number): void {
    if (type === TRUE || type === FALSE) return;
    if (type === BYTE) this.pos++;
    else if (type === DOUBLE) this.pos += 8;
    else if (type === BINARY) {
      const length = this.varint(); // read before pos: `pos += varint()` would drop the length's bytes
      this.pos += length;
    }
    else if (type === LIST || type === SET) this.skipList(this.listHeader());
    else if (type === MAP) this.skipMap();
    else if (type === STRUCT) this.skipStruct();
    else this.varint(); // i16, i32, i64
  }
  listHeader(): { size: number; type: number } {
    const header = this.byte();
    const size = header >> 4 === 15 ? this.varint() : header >> 4;
    return { size, type: header & 0x0f };
  }
  /** Reads a field header: its id (given the previous one) and type; type STOP ends the struct. */
  fieldHeader(previousId: number): { id: number; type: number } {
    const header = this.byte();
    const type = header & 0x0f;
    if (type === STOP) return { id: previousId, type };
    return { id: header >> 4 === 0 ? this.zigzag() : previousId + (header >> 4), type };
  }
  private skipStruct(): void {
    for (let field = this.fieldHeader(0); field.type !== STOP; field = this.fieldHeader(field.id)) this.skip(field.type);
  }
  private skipList({ size, type }: { size: number; type: number }): void {
    for (let i = 0; i < size; i++) this.skip(type === TRUE || type === FALSE ? BYTE : type);
  }
  private skipMap(): void {
    const size = this.varint();
    if (size === 0) return;
    const types = this.byte();
    for (let i = 0; i < size; i++) {
      this.skip(types >> 4);
      this.skip(types & 0x0f);
    }
  }
}

/** The footer of a complete Parquet file whose last bytes are `tail`; throws when it is not one. */
export function readParquetFooter(tail: Buffer): ParquetFooterSummary {
  if (tail.length < 12 || tail.toString('latin1', tail.length - 4) !== MAGIC) throw new RangeError('no Parquet footer (the file does not end in PAR1)');
  const length = tail.readUInt32LE(tail.length - 8);
  if (length + 8 > tail.length) throw new RangeError(`the footer (${length} bytes) is longer than the bytes kept`);
  const reader = new CompactReader(tail.subarray(tail.length - 8 - length, tail.length - 8));
  // FileMetaData: 1 version, 2 schema, 3 num_rows, 4 row_groups, …; the rest is not needed.
  let rows = -1;
  for (let field = reader.fieldHeader(0); field.type !== STOP; field = reader.fieldHeader(field.id)) {
    if (field.id === 3) rows = reader.zigzag();
    else if (field.id === 4 && field.type === LIST) return { rows, rowGroups: reader.listHeader().size };
    else reader.skip(field.type);
  }
  throw new RangeError('the footer lacks num_rows or row_groups');
}
