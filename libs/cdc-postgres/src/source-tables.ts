// The OLTP side of the lake manifest: which PostgreSQL tables exist, and each column's PostgreSQL type.
import { quoteIdentifier, tablesInLayer, type LakeColumn, type LakeManifest, type LakeTable, type LogicalType } from '@datamaster/lake-manifest';

/** A manifest source table with its OLTP location resolved. */
export interface SourceTable {
  readonly table: LakeTable;
  readonly schema: string;
  readonly name: string;
  /** `"schema"."table"`, ready for SQL. */
  readonly qualified: string;
}

/** PostgreSQL types for logical types, where a column declares no `source.pgType` of its own. */
const PG_TYPES: Record<LogicalType, string> = {
  boolean: 'boolean',
  int: 'integer',
  long: 'bigint',
  double: 'double precision',
  string: 'text',
  date: 'date',
  timestamptz: 'timestamptz',
};

export function pgColumnType(column: LakeColumn): string {
  return column.source?.pgType ?? PG_TYPES[column.type];
}

/** Every source table of the manifest, in manifest order. */
export function sourceTables(manifest: LakeManifest): SourceTable[] {
  // Every source-layer table carries its OLTP location (the manifest schema requires it); the guard only narrows.
  return tablesInLayer(manifest, 'source').flatMap((table) =>
    table.source ? [{ table, schema: table.source.schema, name: table.source.table, qualified: `${quoteIdentifier(table.source.schema)}.${quoteIdentifier(table.source.table)}` }] : [],
  );
}

export function columnList(table: LakeTable): string {
  return table.columns.map((column) => quoteIdentifier(column.name)).join(', ');
}
