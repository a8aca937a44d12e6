// The AWS DMS record as DMS writes it to Kinesis (MessageFormat JSON_UNFORMATTED): the row in
// `data`, the change in `metadata`. Every CDC producer of the platform (PostgreSQL logical
// replication, the simulator, replays of captured streams) emits exactly this shape, so the
// router and everything after it cannot tell a local run from production.
import { z } from 'zod';

export const DMS_DATA_OPERATIONS = ['load', 'insert', 'update', 'delete'] as const;
export type DmsDataOperation = (typeof DMS_DATA_OPERATIONS)[number];

/** Control operations DMS emits with IncludeControlDetails / IncludeTableAlterOperations. */
export const DMS_CONTROL_OPERATIONS = [
  'create-table',
  'drop-table',
  'rename-table',
  'add-column',
  'drop-column',
  'rename-column',
  'column-type-change',
] as const;
export type DmsControlOperation = (typeof DMS_CONTROL_OPERATIONS)[number];

const transactionDetails = {
  /** Source transaction id (present for CDC changes; absent for full-load rows). */
  'transaction-id': z.number().int().nonnegative().optional(),
  /** With IncludeTransactionDetails: when the source transaction committed (ISO-8601, UTC). */
  'commit-timestamp': z.string().optional(),
  /** With IncludeTransactionDetails: the source log position (for PostgreSQL, the LSN). */
  'stream-position': z.string().optional(),
  /** With IncludeTransactionDetails: the previous transaction's id. */
  'prev-transaction-id': z.number().int().nonnegative().optional(),
  /** With IncludeTransactionDetails: the record's offset within its transaction. */
  'transaction-record-id': z.number().int().nonnegative().optional(),
};

const commonMetadata = {
  /** When DMS produced the record (ISO-8601 with microseconds, UTC). */
  timestamp: z.string().min(1),
  'partition-key-type': z.string().min(1),
  'schema-name': z.string(),
  'table-name': z.string().min(1),
  ...transactionDetails,
};

export const dmsDataRecordSchema = z.object({
  data: z.record(z.string(), z.unknown()),
  metadata: z.object({ ...commonMetadata, 'record-type': z.literal('data'), operation: z.enum(DMS_DATA_OPERATIONS) }),
});
export type DmsDataRecord = z.infer<typeof dmsDataRecordSchema>;

export const dmsControlRecordSchema = z.object({
  /** The column a table-alter operation changed, with its source type after the change (before it, for a drop), e.g. { "beer_ibu": "integer" }. */
  data: z.record(z.string(), z.unknown()).optional(),
  /** With IncludeControlDetails: the table's definition after the change, as DMS writes it: `table-def` with `columns` and `primary-key`. */
  control: z.record(z.string(), z.unknown()).optional(),
  metadata: z.object({ ...commonMetadata, 'record-type': z.literal('control'), operation: z.enum(DMS_CONTROL_OPERATIONS) }),
});
export type DmsControlRecord = z.infer<typeof dmsControlRecordSchema>;

export const dmsRecordSchema = z.union([dmsDataRecordSchema, dmsControlRecordSchema]);
export type DmsRecord = z.infer<typeof dmsRecordSchema>;

export function isDataRecord(record: DmsRecord): record is DmsDataRecord {
  return record.metadata['record-type'] === 'data';
}
