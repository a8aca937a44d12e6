// What every write operation shares: a new snapshot id and sequence number, the manifest list,
// the summary with running totals, and the metadata that makes the snapshot current on main.
import type { IcebergPartitionSpec, IcebergSchema } from '@datamaster/lake-manifest';
import type { IcebergTable } from '../catalog/table.js';
import type { DataFile } from '../manifest/data-file.js';
import { readManifestList, writeManifestList, type ManifestFile } from '../manifest/manifest-list.js';
import { partitionKey } from '../manifest/partition.js';
import { currentSchema, defaultSpec } from '../metadata/metadata-file.js';
import { newSnapshotId, type SnapshotId } from '../metadata/snapshot-id.js';
import type { Snapshot, SnapshotOperation, TableMetadata } from '../metadata/table-metadata.js';

/** Options of every snapshot-producing operation. */
export interface SnapshotOptions {
  /**
   * The new snapshot's id, a positive long the table does not use (InvalidSnapshotIdError otherwise); default a
   * random one. Iceberg Java lets a catalog choose ids the same way (TableOperations.newSnapshotId).
   */
  readonly snapshotId?: SnapshotId;
  /** Extra summary properties, e.g. which work the snapshot consumed (Spark's snapshot-property.* options). */
  readonly summary?: Readonly<Record<string, string>>;
}

export interface SnapshotContext {
  readonly snapshotId: SnapshotId;
  readonly sequenceNumber: number;
  readonly parent: Snapshot | undefined;
  readonly schema: IcebergSchema;
  readonly spec: IcebergPartitionSpec;
  readonly tableLocation: string;
  readonly properties: Readonly<Record<string, string>>;
}

export function currentSnapshot(metadata: TableMetadata): Snapshot | undefined {
  return metadata.snapshots.find((s) => s['snapshot-id'] === metadata['current-snapshot-id']);
}

export function newSnapshotContext(metadata: TableMetadata, options: SnapshotOptions = {}): SnapshotContext {
  return {
    snapshotId: newSnapshotId(new Set(metadata.snapshots.map((s) => s['snapshot-id'])), options.snapshotId),
    sequenceNumber: metadata['last-sequence-number'] + 1,
    parent: currentSnapshot(metadata),
    schema: currentSchema(metadata),
    spec: defaultSpec(metadata),
    tableLocation: metadata.location,
    properties: options.summary ?? {},
  };
}

/** The manifests of the current snapshot (none for an empty table). */
export async function currentManifests(table: IcebergTable): Promise<ManifestFile[]> {
  const snapshot = currentSnapshot(table.metadata);
  return snapshot === undefined ? [] : readManifestList(table.io, snapshot['manifest-list']);
}

export interface SnapshotChanges {
  readonly operation: SnapshotOperation;
  readonly added: readonly DataFile[];
  readonly deleted: readonly DataFile[];
  readonly extraSummary?: Readonly<Record<string, string>>;
}

function summary(ctx: SnapshotContext, changes: SnapshotChanges): Snapshot['summary'] {
  const previous = (key: string) => Number.parseInt(ctx.parent?.summary[key] ?? '0', 10);
  const records = (files: readonly DataFile[]) => files.reduce((sum, f) => sum + f.recordCount, 0);
  const size = (files: readonly DataFile[]) => files.reduce((sum, f) => sum + f.fileSizeInBytes, 0);
  const partitions = new Set([...changes.added, ...changes.deleted].map((f) => partitionKey(ctx.spec, f.partition)));
  return {
    operation: changes.operation,
    ...ctx.properties,
    ...changes.extraSummary,
    'added-data-files': String(changes.added.length),
    'deleted-data-files': String(changes.deleted.length),
    'added-records': String(records(changes.added)),
    'deleted-records': String(records(changes.deleted)),
    'added-files-size': String(size(changes.added)),
    'removed-files-size': String(size(changes.deleted)),
    'changed-partition-count': String(partitions.size),
    'total-data-files': String(previous('total-data-files') + changes.added.length - changes.deleted.length),
    'total-records': String(previous('total-records') + records(changes.added) - records(changes.deleted)),
    'total-files-size': String(previous('total-files-size') + size(changes.added) - size(changes.deleted)),
    'total-delete-files': '0',
    'total-position-deletes': '0',
    'total-equality-deletes': '0',
  };
}

/** Writes the manifest list and returns the table metadata with the new snapshot current on main. */
export async function stageSnapshot(
  table: IcebergTable,
  ctx: SnapshotContext,
  manifests: readonly ManifestFile[],
  changes: SnapshotChanges,
  now = Date.now(),
): Promise<TableMetadata> {
  const parentId = ctx.parent?.['snapshot-id'];
  const manifestList = await writeManifestList(
    table.io,
    { tableLocation: ctx.tableLocation, snapshotId: ctx.snapshotId, parentSnapshotId: parentId, sequenceNumber: ctx.sequenceNumber },
    manifests,
  );
  const snapshot: Snapshot = {
    'snapshot-id': ctx.snapshotId,
    ...(parentId === undefined ? {} : { 'parent-snapshot-id': parentId }),
    'sequence-number': ctx.sequenceNumber,
    'timestamp-ms': now,
    'manifest-list': manifestList,
    summary: summary(ctx, changes),
    'schema-id': ctx.schema['schema-id'],
  };
  const m = table.metadata;
  return {
    ...m,
    'last-sequence-number': ctx.sequenceNumber,
    'last-updated-ms': now,
    'current-snapshot-id': ctx.snapshotId,
    snapshots: [...m.snapshots, snapshot],
    'snapshot-log': [...m['snapshot-log'], { 'timestamp-ms': now, 'snapshot-id': ctx.snapshotId }],
    refs: { ...m.refs, main: { 'snapshot-id': ctx.snapshotId, type: 'branch' } },
  };
}
