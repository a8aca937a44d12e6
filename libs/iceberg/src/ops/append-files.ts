// Fast append: one new manifest for the new files; the current manifests are carried unchanged.
import type { IcebergTable } from '../catalog/table.js';
import { ENTRY_STATUS, type DataFile } from '../manifest/data-file.js';
import { writeManifest } from '../manifest/manifest-file.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import { checkNewFiles } from './check-files.js';
import { currentManifests, newSnapshotContext, stageSnapshot } from './snapshot-producer.js';

/**
 * Stages an append of `files`: writes the manifest and manifest list and returns the new metadata.
 * Nothing is visible until the metadata is committed through a catalog.
 */
export async function appendFiles(table: IcebergTable, files: readonly DataFile[]): Promise<TableMetadata> {
  const ctx = newSnapshotContext(table.metadata);
  checkNewFiles(ctx, files);
  const carried = await currentManifests(table);
  const added =
    files.length === 0
      ? []
      : [
          await writeManifest(
            table.io,
            ctx,
            files.map((file) => ({ status: ENTRY_STATUS.ADDED, snapshotId: ctx.snapshotId, sequenceNumber: null, fileSequenceNumber: null, file })),
          ),
        ];
  return stageSnapshot(table, ctx, [...added, ...carried], { operation: 'append', added: files, deleted: [] });
}
