// Query results as plain JSON values: BIGINTs as numbers when exact (else strings), timestamps as ISO-8601.
import type { DuckDBResultReader } from '@duckdb/node-api';

export type QueryValue = string | number | boolean | null;

export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly Record<string, QueryValue>[];
}

function toValue(value: unknown): QueryValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

export function toQueryResult(result: DuckDBResultReader): QueryResult {
  const names = result.columnNames();
  const types = result.columnTypes().map((t) => t.toString());
  return {
    columns: names.map((name, i) => ({ name, type: types[i] ?? 'UNKNOWN' })),
    rows: result.getRowObjectsJS().map((row) => Object.fromEntries(names.map((name) => [name, toValue(row[name])]))),
  };
}
