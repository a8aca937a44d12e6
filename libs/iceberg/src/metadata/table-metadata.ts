// Table metadata v2, in the JSON shape of the Iceberg spec ("Table Metadata Fields").
import type { IcebergPartitionSpec, IcebergSchema } from '@datamaster/lake-manifest';
import type { SnapshotId } from './snapshot-id.js';

export type SnapshotOperation = 'append' | 'replace' | 'overwrite' | 'delete';

export interface SnapshotSummary {
  readonly operation: SnapshotOperation;
  readonly [key: string]: string;
}

export interface Snapshot {
  readonly 'snapshot-id': SnapshotId;
  readonly 'parent-snapshot-id'?: SnapshotId;
  readonly 'sequence-number': number;
  readonly 'timestamp-ms': number;
  readonly 'manifest-list': string;
  readonly summary: SnapshotSummary;
  readonly 'schema-id': number;
}

export interface SnapshotRef {
  readonly 'snapshot-id': SnapshotId;
  readonly type: 'branch' | 'tag';
}

/** A Puffin file of table statistics (Spark's and Trino's ANALYZE write them); we keep it as read. */
export interface StatisticsFile {
  readonly 'snapshot-id': SnapshotId;
  readonly 'statistics-path': string;
  readonly 'blob-metadata'?: readonly { readonly type: string; readonly 'snapshot-id': SnapshotId; readonly [key: string]: unknown }[];
  readonly [key: string]: unknown;
}

export interface PartitionStatisticsFile {
  readonly 'snapshot-id': SnapshotId;
  readonly 'statistics-path': string;
  readonly [key: string]: unknown;
}

export interface SortOrder {
  readonly 'order-id': number;
  readonly fields: readonly unknown[];
}

export interface TableMetadata {
  readonly 'format-version': 2;
  readonly 'table-uuid': string;
  readonly location: string;
  readonly 'last-sequence-number': number;
  readonly 'last-updated-ms': number;
  readonly 'last-column-id': number;
  readonly schemas: readonly IcebergSchema[];
  readonly 'current-schema-id': number;
  readonly 'partition-specs': readonly IcebergPartitionSpec[];
  readonly 'default-spec-id': number;
  readonly 'last-partition-id': number;
  readonly properties: Readonly<Record<string, string>>;
  readonly 'current-snapshot-id': SnapshotId | null;
  readonly snapshots: readonly Snapshot[];
  readonly 'snapshot-log': readonly { readonly 'timestamp-ms': number; readonly 'snapshot-id': SnapshotId }[];
  readonly 'metadata-log': readonly { readonly 'timestamp-ms': number; readonly 'metadata-file': string }[];
  readonly 'sort-orders': readonly SortOrder[];
  readonly 'default-sort-order-id': number;
  readonly refs: Readonly<Record<string, SnapshotRef>>;
  readonly statistics?: readonly StatisticsFile[];
  readonly 'partition-statistics'?: readonly PartitionStatisticsFile[];
}
