// Query results as plain JSON values: BIGINTs as numbers when exact (else strings), timestamps as ISO-8601.
import { JSDuckDBValueConverter, type DuckDBDataChunk } from '@duckdb/node-api';

export type QueryValue = string | number | boolean | null;

export interface QueryColumn {
  readonly name: string;
  readonly type: string;
}

export type QueryRow = Record<string, QueryValue>;

export interface QueryResult {
  readonly columns: readonly QueryColumn[];
  readonly rows: readonly QueryRow[];
}

function toValue(value: unknown): QueryValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

/** One chunk's rows as objects keyed by column name. */
export function chunkRows(chunk: DuckDBDataChunk, names: readonly string[]): QueryRow[] {
  return chunk.convertRows(JSDuckDBValueConverter).map((row) => Object.fromEntries(names.map((name, i) => [name, toValue(row[i])])));
}
