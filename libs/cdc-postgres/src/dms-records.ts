// Builds DMS records (the envelope every CDC producer emits) from PostgreSQL rows.
import type { DmsControlOperation, DmsControlRecord, DmsDataOperation, DmsDataRecord } from '@datamaster/cdc';
import { dmsValueConverter, isoMicros, type DmsValue } from './dms-values.js';
import type { SourceTable } from './source-tables.js';

/** A row as PostgreSQL printed it: text per column, null for NULL, absent for a value it did not send. */
export type TextRow = Readonly<Record<string, string | null | undefined>>;
export type DmsRow = Record<string, DmsValue>;

/**
 * Converts rows of one table to DMS values, in manifest column order. A column PostgreSQL did not send
 * (the non-key columns of a delete, an unchanged TOAST value of an update) is left out, as DMS does.
 */
export function rowConverter(source: SourceTable): (row: TextRow) => DmsRow {
  const columns = source.table.columns.map((column) => [column.name, dmsValueConverter(column)] as const);
  return (row) => {
    const data: DmsRow = {};
    for (const [name, convert] of columns) {
      const text = row[name];
      if (text !== undefined) data[name] = convert(text);
    }
    return data;
  };
}

/** DMS's record timestamp for now: ISO-8601, UTC, microseconds. */
export function nowTimestamp(): string {
  return isoMicros(BigInt(Date.now()) * 1000n);
}

function metadata(source: SourceTable, operation: DmsDataOperation, timestamp: string) {
  return {
    timestamp,
    'record-type': 'data' as const,
    operation,
    'partition-key-type': 'schema-table',
    'schema-name': source.schema,
    'table-name': source.name,
  };
}

/** A full-load row: no transaction details, as DMS writes full-load records. */
export function loadRecord(source: SourceTable, data: DmsRow, timestamp: string): DmsDataRecord {
  return { data, metadata: metadata(source, 'load', timestamp) };
}

export interface ChangeDetails {
  readonly transactionId: number;
  readonly commitTimestamp: string;
  /** The change's own LSN. */
  readonly streamPosition: string;
  /** Offset of the change within its transaction, from 0. */
  readonly transactionRecordId: number;
  /** The transaction delivered before this one; unknown for the first after a (re)start. */
  readonly prevTransactionId?: number;
}

export function changeRecord(source: SourceTable, operation: Exclude<DmsDataOperation, 'load'>, data: DmsRow, change: ChangeDetails): DmsDataRecord {
  return {
    data,
    metadata: {
      ...metadata(source, operation, nowTimestamp()),
      'transaction-id': change.transactionId,
      'commit-timestamp': change.commitTimestamp,
      'stream-position': change.streamPosition,
      'transaction-record-id': change.transactionRecordId,
      ...(change.prevTransactionId === undefined ? {} : { 'prev-transaction-id': change.prevTransactionId }),
    },
  };
}

/** Where a schema change showed: the first relation message in the new shape, in its transaction when it had one. */
export type ControlDetails = Pick<ChangeDetails, 'streamPosition'> & Partial<Pick<ChangeDetails, 'transactionId' | 'commitTimestamp' | 'prevTransactionId'>>;

/** A table's definition as DMS writes it in control records (IncludeControlDetails): each column's type, and the key. */
export interface TableDefinition {
  readonly columns: Readonly<Record<string, { readonly type: string }>>;
  readonly 'primary-key': readonly string[];
}

/**
 * A table-alter control record, one per column as DMS writes one per operation: `data` names the column and its
 * type after the change (before it, for a drop), `control.table-def` is the whole table after the change.
 */
export function controlRecord(
  source: SourceTable,
  operation: DmsControlOperation,
  column: { readonly name: string; readonly type: string },
  tableDef: TableDefinition,
  at: ControlDetails,
): DmsControlRecord {
  return {
    data: { [column.name]: column.type },
    control: { 'table-def': tableDef },
    metadata: {
      timestamp: nowTimestamp(),
      'record-type': 'control',
      operation,
      'partition-key-type': 'task-id',
      'schema-name': source.schema,
      'table-name': source.name,
      ...(at.transactionId === undefined ? {} : { 'transaction-id': at.transactionId }),
      ...(at.commitTimestamp === undefined ? {} : { 'commit-timestamp': at.commitTimestamp }),
      'stream-position': at.streamPosition,
      ...(at.prevTransactionId === undefined ? {} : { 'prev-transaction-id': at.prevTransactionId }),
    },
  };
}
