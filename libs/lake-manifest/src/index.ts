export { lakeManifest } from './active-manifest.js';
export { buildManifest, type ManifestSources } from './resolve.js';
export { ManifestError, UnknownTableError, type ManifestProblem } from './errors.js';
export type { ManifestFileSource } from './validate-file.js';
export type { LakeColumn, LakeManifest, LakeTable, PartitionField, Principal, TableRef } from './model.js';
export {
  CATALOG_LAYERS,
  LAKE_LAYERS,
  LOGICAL_TYPES,
  type CatalogLayer,
  type Classification,
  type LakeFormationPermission,
  type LakeLayer,
  type LogicalType,
  type Masking,
} from './schema.js';
export { BRONZE_SYSTEM_COLUMNS, SILVER_LIFECYCLE_COLUMNS } from './system-columns.js';
export { durationMs, getTable, tablesInLayer } from './lookup.js';
export { columnarSchema, type ArrowType, type ColumnarField, type ParquetType } from './derive/columnar.js';
export { icebergPartitionSpec, icebergSchema, FIRST_PARTITION_FIELD_ID, type IcebergField, type IcebergPartitionSpec, type IcebergSchema } from './derive/iceberg.js';
export { duckdbCreateTable, duckdbType, quoteIdentifier } from './derive/duckdb.js';
export { allGrants, grantsFor, piiColumns, type LakeFormationGrant } from './derive/grants.js';
export { lineageEdges, type LineageEdge } from './derive/lineage.js';
export { ConflictError, DatamasterError, InvalidInputError, NotFoundError, type ErrorKind } from './error-kinds.js';
