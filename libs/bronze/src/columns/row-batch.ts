// One batch of rows being filled: the column buffers, the row they are at, and the hand-off to the
// Parquet encoder as an Arrow IPC stream once the batch is full (or the input ends). The encoder
// gathers batches into row groups.
import { RecordBatch, Struct, Table, makeData, tableToIPC, type Schema } from 'apache-arrow';
import type { ColumnBuffer } from './column-buffers.js';
import { columnBuffers } from './arrow-schema.js';
import { DictionaryBuffer } from './dictionary-buffer.js';

export class RowBatch {
  readonly buffers: ColumnBuffer[];
  /** The row being written; rows before it are complete. */
  row = 0;
  private readonly strings: DictionaryBuffer[];

  constructor(
    private readonly schema: Schema,
    readonly capacity: number,
    /** Bytes of string values after which the batch counts as full, whatever its rows: long strings must not pile up. */
    private readonly maxStringBytes: number,
  ) {
    this.buffers = columnBuffers(schema, capacity);
    this.strings = this.buffers.filter((buffer) => buffer instanceof DictionaryBuffer);
  }

  get full(): boolean {
    if (this.row === this.capacity) return true;
    let bytes = 0;
    for (const buffer of this.strings) bytes += buffer.byteLength;
    return bytes >= this.maxStringBytes;
  }

  /** The complete rows as one Arrow IPC stream (a copy), after which the buffers start over. */
  takeIpc(): Uint8Array {
    const rows = this.row;
    const children = this.buffers.map((buffer) => buffer.toData(rows));
    const batch = new RecordBatch(this.schema, makeData({ type: new Struct(this.schema.fields), length: rows, children }));
    const ipc = tableToIPC(new Table([batch]), 'stream');
    for (const buffer of this.buffers) buffer.reset();
    this.row = 0;
    return ipc;
  }
}
