// What the CDC source expects of each relation in the stream: the manifest's columns, with their types in the
// server's terms, so that a relation message (names and type OIDs) is checked without a round trip.
import { pgColumnType } from '@datamaster/lake-manifest';
import type pg from 'pg';
import { resolveTypeNames, type PgType } from './pg-types.js';
import type { SourceTable } from './source-tables.js';

export interface ExpectedColumn {
  readonly name: string;
  readonly type: PgType;
}

export interface SourceShape {
  readonly source: SourceTable;
  readonly columns: readonly ExpectedColumn[];
}

/** Every source table with its expected columns, in one query. */
export async function sourceShapes(client: pg.Client, tables: readonly SourceTable[]): Promise<SourceShape[]> {
  const columns = tables.flatMap((source) => source.table.columns.map((column) => ({ source, column })));
  const types = await resolveTypeNames(client, columns.map(({ column }) => pgColumnType(column)));
  return tables.map((source) => ({
    source,
    columns: columns.flatMap(({ source: of, column }, i) => (of === source ? [{ name: column.name, type: types[i] as PgType }] : [])),
  }));
}
