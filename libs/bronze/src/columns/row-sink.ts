// Where readers put rows: the batch being filled, a writer per source column (PII masked),
// the system columns, and the quarantine for rows that cannot be typed.
import type { Schema } from 'apache-arrow';
import type { BronzePlan, SourceColumnPlan } from '../plan/bronze-plan.js';
import { masker } from '../masking.js';
import type { Quarantine } from '../quarantine.js';
import { cellWriter, type CellWriter } from './cell-writers.js';
import { RowBatch } from './row-batch.js';
import { SystemColumnWriter } from './system-columns.js';

export interface RowSinkOptions {
  readonly plan: BronzePlan;
  readonly schema: Schema;
  /** Rows per batch handed to the encoder. */
  readonly batchRows: number;
  /** String bytes after which a batch is handed over before it has batchRows rows. */
  readonly batchStringBytes: number;
  readonly maskingKey: Buffer;
  readonly rawObjectKey: string;
  readonly ingestedAtMicros: number;
  readonly quarantine: Quarantine;
  /** Receives each full batch as an Arrow IPC stream. */
  readonly onBatch: (ipc: Uint8Array, rows: number) => void;
}

export class RowSink {
  readonly plan: BronzePlan;
  readonly batch: RowBatch;
  readonly system: SystemColumnWriter;
  /** Writers of the source columns, in plan.source order. */
  readonly writers: readonly CellWriter[];
  readonly quarantine: Quarantine;
  rowsOut = 0;
  private readonly onBatch: RowSinkOptions['onBatch'];

  constructor(options: RowSinkOptions) {
    this.plan = options.plan;
    this.quarantine = options.quarantine;
    this.onBatch = options.onBatch;
    this.batch = new RowBatch(options.schema, options.batchRows, options.batchStringBytes);
    const { buffers } = this.batch;
    this.system = new SystemColumnWriter(buffers, options.plan.system, options.rawObjectKey, options.ingestedAtMicros);
    this.writers = options.plan.source.map((column: SourceColumnPlan) =>
      cellWriter(column.field, buffers[column.index] as (typeof buffers)[number], {
        unixSeconds: column.unixSeconds,
        ...(column.masking ? { mask: masker(column.masking, options.maskingKey) } : {}),
      }),
    );
  }

  /** Stores a null in a source column, or says why the row may not have one. */
  setNull(column: SourceColumnPlan, required: boolean, missing: boolean): string | undefined {
    if (required) return `${missing ? 'missing' : 'null'}, but a value is required (${column.key ? 'primary key' : 'NOT NULL in the source'})`;
    this.batch.buffers[column.index]?.setNull(this.batch.row);
    return undefined;
  }

  /** The row being written is complete. */
  commit(): void {
    this.batch.row++;
    this.rowsOut++;
    if (this.batch.full) this.flush();
  }

  /** Hands over the rows written so far, even none (an empty file still needs its schema). */
  flush(): void {
    const rows = this.batch.row;
    this.system.fillConstants(rows);
    this.onBatch(this.batch.takeIpc(), rows);
  }
}
