// The OLTP side of the lake manifest: which PostgreSQL tables exist.
import { quoteIdentifier, tablesInLayer, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';

/** A manifest source table with its OLTP location resolved. */
export interface SourceTable {
  readonly table: LakeTable;
  readonly schema: string;
  readonly name: string;
  /** `"schema"."table"`, ready for SQL. */
  readonly qualified: string;
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
