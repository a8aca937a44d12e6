// What every engine and catalog agrees on about the lake's Iceberg tables.
import type { CatalogLayer, LakeManifest, LakeTable } from '@datamaster/lake-manifest';

/** The layers kept as Iceberg tables; bronze stays plain Parquet objects, registered in the ledger. */
export const ICEBERG_LAYERS = ['silver', 'gold'] as const satisfies readonly CatalogLayer[];

/**
 * The Iceberg catalog's name in every engine (Spark's spark.sql.catalog.datamaster, the SQLite catalog's
 * catalog_name column): a JDBC catalog of another name sees no tables of the same SQLite file.
 */
export const CATALOG_NAME = 'datamaster';

export function isIcebergTable(table: LakeTable): boolean {
  return (ICEBERG_LAYERS as readonly string[]).includes(table.layer);
}

/** Silver and gold, in the manifest's dependency order: the tables the processing jobs build. */
export function icebergTables(manifest: LakeManifest): LakeTable[] {
  return manifest.tables.filter(isIcebergTable);
}

/** The tables built from this one (its lineage downstream). */
export function downstreamTables(manifest: LakeManifest, table: LakeTable): LakeTable[] {
  return manifest.tables.filter((t) => t.upstream.includes(table.ref));
}
