// How the lake appears in the Backstage catalog: the entity provider writes these names and annotations,
// and the frontend reads them back. One place, so the two cannot drift.
import type { Entity } from '@backstage/catalog-model';

/** `spec.type` of a Resource that is a lake table (bronze, silver or gold). */
export const LAKE_TABLE_TYPE = 'lake-table';
/** `spec.type` of a Resource that is an OLTP source table the lake ingests. */
export const SOURCE_TABLE_TYPE = 'source-table';

const PREFIX = 'datamaster.io';

export const LAKE_ANNOTATIONS = {
  /** The manifest's table ref, e.g. "silver.review". */
  table: `${PREFIX}/lake-table`,
  /** bronze, silver, gold (or source). */
  layer: `${PREFIX}/layer`,
  /** The catalog (Glue/Iceberg) table, e.g. "dm_silver.review". */
  catalogTable: `${PREFIX}/catalog-table`,
  /** Partition columns, comma-separated, in order; empty for an unpartitioned table. */
  partitioning: `${PREFIX}/partitioning`,
  /** ISO-8601 freshness objective, e.g. "P1D". */
  freshness: `${PREFIX}/freshness-objective`,
  /** The OLTP table a source-derived table comes from, e.g. "public.review". */
  sourceTable: `${PREFIX}/source-table`,
} as const;

/** Label naming the lake domain a table belongs to (Resources have no domain of their own). */
export const LAKE_DOMAIN_LABEL = `${PREFIX}/domain`;

/** The catalog entity of a table: a Resource named by the table ref itself ("silver.review" is a valid entity name). */
export function lakeTableEntityRef(ref: string): string {
  return `resource:default/${ref}`;
}

/** The lake table ref an entity stands for, or undefined for any other entity. */
export function lakeTableRefOf(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[LAKE_ANNOTATIONS.table];
}

/** True for a catalog entity the lake catalog's table page applies to. */
export function isLakeTableEntity(entity: Entity): boolean {
  return entity.kind.toLowerCase() === 'resource' && (entity.spec as { type?: unknown } | undefined)?.type === LAKE_TABLE_TYPE && lakeTableRefOf(entity) !== undefined;
}
