export type { Catalog, CreateTableOptions } from './catalog/catalog.js';
export { SqliteCatalog, type SqliteCatalogOptions } from './catalog/sqlite-catalog.js';
export { SQLITE_CATALOG_DDL } from './catalog/sqlite-schema.js';
export { LakeTables, type EnsureOptions } from './catalog/lake-tables.js';
export { commitWithRetry, type CommitRetryOptions } from './catalog/commit-with-retry.js';
export { tableName, type IcebergTable, type TableIdentifier } from './catalog/table.js';
export {
  AvroFileError,
  CommitConflictError,
  CommitRetriesExhaustedError,
  IncompatibleTypeChangeError,
  InvalidDataFileError,
  InvalidMetadataError,
  InvalidSchemaChangeError,
  MigrationRequiredError,
  InvalidSnapshotIdError,
  NamespaceAlreadyExistsError,
  NoSuchNamespaceError,
  NoSuchTableError,
  SnapshotNotFoundError,
  TableAlreadyExistsError,
  TableRequirementFailedError,
  UnreadableColumnTypeError,
  UnsafeLongError,
  UnsupportedLocationError,
} from './errors.js';
export type { FileIO } from './io/file-io.js';
export { LocalFileIO, localLocation } from './io/local-file-io.js';
// AWS: the Glue Data Catalog and S3.
export { GlueCatalog, type GlueCatalogOptions } from './catalog/glue-catalog.js';
export { S3FileIO } from './io/s3-file-io.js';
export { InvalidGlueNameError, NotAnIcebergTableError } from './errors.js';
export type { DataFile, DataFileMetrics, LiveDataFile, ManifestEntry, PartitionValue, PartitionValues } from './manifest/data-file.js';
export { ENTRY_STATUS, type EntryStatus } from './manifest/data-file.js';
export { readManifest } from './manifest/manifest-file.js';
export { readManifestList, type ManifestFile } from './manifest/manifest-list.js';
export type { FieldSummary } from './manifest/partition-summary.js';
export type { PrimitiveValue } from './avro/single-value.js';
export { deserializeValue, serializeValue } from './avro/single-value.js';
export { decodeAvroContainer, type AvroContainer } from './avro/avro-container.js';
export { currentSnapshotFacts } from './metadata/snapshot-facts.js';
export { currentSchema, defaultSpec, metadataVersion, readMetadataFile, writeMetadataFile } from './metadata/metadata-file.js';
// Schema and partition evolution, committed as the spec's table requirements and updates.
export { applyTableChange, type TableChange, type TableRequirement, type TableUpdate } from './metadata/table-change.js';
export { updateSchema, SchemaUpdate, type AddColumnOptions, type ColumnUpdate } from './evolution/schema-update.js';
export { updateSpec, PartitionSpecUpdate } from './evolution/partition-spec-update.js';
export { readParquetByFieldId, type ProjectedColumn } from './scan/read-by-field-id.js';
export { newTableMetadata, type NewTableOptions } from './metadata/new-table-metadata.js';
export type {
  PartitionStatisticsFile,
  Snapshot,
  SnapshotOperation,
  SnapshotRef,
  SnapshotSummary,
  StatisticsFile,
  TableMetadata,
} from './metadata/table-metadata.js';
export { parseSnapshotId, type SnapshotId } from './metadata/snapshot-id.js';
export { appendFiles } from './ops/append-files.js';
export { overwritePartitions } from './ops/overwrite-partitions.js';
export { overwriteTable } from './ops/overwrite-table.js';
export { currentSnapshot, type SnapshotOptions } from './ops/snapshot-producer.js';
export { currentDataFiles, type DataFilesOptions } from './scan/current-data-files.js';
export { orphanFiles } from './scan/orphan-files.js';
// Maintenance: snapshot expiry, orphan deletion, compaction (replace snapshots).
export type { FileInfo } from './io/file-io.js';
export { InvalidMaintenanceOptionError, RecordCountChangedError } from './errors.js';
export { replaceDataFiles, type DataFileRewrite, type ReplaceResult } from './ops/replace-data-files.js';
export { rewriteManifests } from './ops/rewrite-manifests.js';
export { expireSnapshots, type ExpireSnapshotsOptions, type ExpireSnapshotsResult } from './maintenance/expire-snapshots.js';
export { deleteOrphanFiles, type DeleteOrphanFilesOptions, type DeleteOrphanFilesResult } from './maintenance/delete-orphan-files.js';
export { compactDataFiles, planCompaction, writeCompactedFiles, type CompactionOptions, type CompactionResult } from './maintenance/compact-data-files.js';
export { duckdbFieldIds, parquetDataFile, parquetDataFiles, type ParquetDataFileInput } from './stats/parquet-data-file.js';
