// Fast append: one new manifest for the new files; the current manifests are carried unchanged.
import type { IcebergTable } from '../catalog/table.js';
import type { DataFile } from '../manifest/data-file.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import { checkNewFiles } from './check-files.js';
import { addedManifests } from './manifest-changes.js';
import { currentManifests, newSnapshotContext, stageSnapshot, type SnapshotOptions } from './snapshot-producer.js';

/**
 * Stages an append of `files`: writes the manifest and manifest list and returns the new metadata.
 * Nothing is visible until the metadata is committed through a catalog.
 */
export async function appendFiles(table: IcebergTable, files: readonly DataFile[], options: SnapshotOptions = {}): Promise<TableMetadata> {
  const ctx = newSnapshotContext(table.metadata, options);
  checkNewFiles(ctx, files);
  const added = await addedManifests(table, ctx, files);
  const carried = await currentManifests(table);
  return stageSnapshot(table, ctx, [...added, ...carried], { operation: 'append', added: files, deleted: [] });
}
