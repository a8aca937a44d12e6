// The manifest's fixed word lists, apart from its schemas (entry point @datamaster/lake-manifest/vocabulary): a command
// line offers them as choices without loading the validator.

export const LAKE_LAYERS = ['source', 'bronze', 'silver', 'gold'] as const;
export type LakeLayer = (typeof LAKE_LAYERS)[number];
/** Layers that hold lake tables (and so have a catalog database and grants). */
export const CATALOG_LAYERS = ['bronze', 'silver', 'gold'] as const;
export type CatalogLayer = (typeof CATALOG_LAYERS)[number];

/** Logical column types, named as in the Iceberg spec; every engine maps from these. */
export const LOGICAL_TYPES = ['boolean', 'int', 'long', 'double', 'string', 'date', 'timestamptz'] as const;
export type LogicalType = (typeof LOGICAL_TYPES)[number];

/**
 * The breaking changes a table file may declare a migration for (the change kinds of `datamaster plan`): a derived
 * table is rebuilt under its new declaration; a column declassified keeps its masked values and takes new ones in
 * clear.
 */
export const MIGRATED_CHANGES = ['column-retyped', 'column-nullability', 'column-added', 'primary-key', 'partitioning', 'pii-declassified'] as const;
export type MigratedChange = (typeof MIGRATED_CHANGES)[number];
