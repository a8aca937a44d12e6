// The platform's columns of a bronze row. Values that are the same on every row of a file
// (raw_object_key, ingested_at, and for batch extracts op, change_ts and change_txn_id) are filled
// once per row group instead of once per row.
import type { SystemColumnIndexes } from '../plan/bronze-plan.js';
import { Int64Buffer, type ColumnBuffer } from './column-buffers.js';
import { DictionaryBuffer } from './dictionary-buffer.js';

/** What every row of a batch extract shares. */
export interface BatchConstants {
  readonly op: string;
  readonly changeTsMicros: number;
}

export class SystemColumnWriter {
  readonly op: DictionaryBuffer;
  readonly changeTs: Int64Buffer;
  readonly changeTxnId: Int64Buffer;
  readonly changeSeq: Int64Buffer;
  private readonly rawObjectKey: DictionaryBuffer;
  private readonly ingestedAt: Int64Buffer;
  private readonly rawObjectKeyBytes: Buffer;
  private batch: BatchConstants | undefined;

  constructor(
    buffers: readonly ColumnBuffer[],
    indexes: SystemColumnIndexes,
    rawObjectKey: string,
    private readonly ingestedAtMicros: number,
  ) {
    const at = <T extends ColumnBuffer>(index: number, kind: new (...args: never[]) => T): T => {
      const buffer = buffers[index];
      if (!(buffer instanceof kind)) throw new TypeError(`system column ${index} has an unexpected type`);
      return buffer;
    };
    this.op = at(indexes.op, DictionaryBuffer);
    this.changeTs = at(indexes.change_ts, Int64Buffer);
    this.changeTxnId = at(indexes.change_txn_id, Int64Buffer);
    this.changeSeq = at(indexes.change_seq, Int64Buffer);
    this.rawObjectKey = at(indexes.raw_object_key, DictionaryBuffer);
    this.ingestedAt = at(indexes.ingested_at, Int64Buffer);
    this.rawObjectKeyBytes = Buffer.from(rawObjectKey);
  }

  /** Every row is a batch row: op, change_ts and (a null) change_txn_id are filled per row group. */
  useBatchConstants(batch: BatchConstants): void {
    this.batch = batch;
  }

  /** A dictionary column's value given as text: one map lookup once the value is known. */
  static setText(buffer: DictionaryBuffer, row: number, identity: string, utf8: Uint8Array): void {
    const key = buffer.keyOf(identity);
    buffer.set(row, key >= 0 ? key : buffer.add(identity, utf8));
  }

  /** Fills the shared values into the first `rows` rows, before the row group is handed over. */
  fillConstants(rows: number): void {
    this.rawObjectKey.fill(rows, this.rawObjectKeyBytes.toString('latin1'), this.rawObjectKeyBytes);
    this.ingestedAt.fill(rows, this.ingestedAtMicros);
    if (!this.batch) return;
    this.op.fill(rows, this.batch.op, Buffer.from(this.batch.op));
    this.changeTs.fill(rows, this.batch.changeTsMicros);
    this.changeTxnId.fillNull(rows);
  }
}
