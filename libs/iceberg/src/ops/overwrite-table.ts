// Overwrite of a whole table: every live file, whatever partition spec it was written with, marked DELETED and
// the new files ADDED, in one snapshot. What a rebuild under a new schema or partition spec commits, where a
// partition overwrite (which names partitions of the default spec) would leave the older spec's files live.
import type { IcebergTable } from '../catalog/table.js';
import type { DataFile } from '../manifest/data-file.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import { checkNewFiles } from './check-files.js';
import { addedManifests, liveManifests, markDeleted } from './manifest-changes.js';
import { newSnapshotContext, stageSnapshot, type SnapshotOptions } from './snapshot-producer.js';

export async function overwriteTable(table: IcebergTable, files: readonly DataFile[], options: SnapshotOptions = {}): Promise<TableMetadata> {
  const ctx = newSnapshotContext(table.metadata, options);
  checkNewFiles(ctx, files);
  const { manifests, deleted } = await markDeleted(table, ctx, await liveManifests(table, ctx), () => true);
  const added = await addedManifests(table, ctx, files);
  return stageSnapshot(table, ctx, [...added, ...manifests], { operation: 'overwrite', added: files, deleted });
}
