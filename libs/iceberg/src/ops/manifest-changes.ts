// The manifest work shared by the snapshot-producing operations: a manifest of the files a snapshot adds,
// and the current manifests rewritten with chosen live files marked DELETED.
import type { IcebergTable } from '../catalog/table.js';
import { ENTRY_STATUS, type DataFile, type ManifestEntry } from '../manifest/data-file.js';
import { readManifest, writeManifest } from '../manifest/manifest-file.js';
import type { ManifestFile } from '../manifest/manifest-list.js';
import { specById } from '../metadata/metadata-file.js';
import { currentManifests, type SnapshotContext } from './snapshot-producer.js';

/** A manifest of the current snapshot with its live entries (entries deleted earlier are history only). */
export interface LiveManifest {
  readonly manifest: ManifestFile;
  readonly live: readonly ManifestEntry[];
}

export async function liveManifests(table: IcebergTable, ctx: SnapshotContext): Promise<LiveManifest[]> {
  const manifests = await currentManifests(table);
  return Promise.all(
    manifests.map(async (manifest) => ({
      manifest,
      live: (await readManifest(table.io, manifest, ctx.schema)).filter((e) => e.status !== ENTRY_STATUS.DELETED),
    })),
  );
}

/** The manifest of the files a snapshot adds; none for no files (no empty manifest). */
export async function addedManifests(table: IcebergTable, ctx: SnapshotContext, files: readonly DataFile[]): Promise<ManifestFile[]> {
  if (files.length === 0) return [];
  const entries = files.map((file) => ({ status: ENTRY_STATUS.ADDED, snapshotId: ctx.snapshotId, sequenceNumber: null, fileSequenceNumber: null, file }));
  return [await writeManifest(table.io, ctx, entries)];
}

/**
 * The manifests with every live file that `doomed` selects marked DELETED by this snapshot. A manifest
 * without such a file is carried as is; one with is rewritten, its other live files kept as EXISTING, with the
 * partition spec it was written with (after partition evolution, not necessarily the default one).
 */
export async function markDeleted(
  table: IcebergTable,
  ctx: SnapshotContext,
  manifests: readonly LiveManifest[],
  doomed: (file: DataFile, specId: number) => boolean,
): Promise<{ manifests: ManifestFile[]; deleted: DataFile[] }> {
  const result: ManifestFile[] = [];
  const deleted: DataFile[] = [];
  for (const { manifest, live } of manifests) {
    const isDoomed = (e: ManifestEntry) => doomed(e.file, manifest.partitionSpecId);
    if (!live.some(isDoomed)) {
      result.push(manifest);
      continue;
    }
    const entries = live.map((e): ManifestEntry => (isDoomed(e) ? { ...e, status: ENTRY_STATUS.DELETED, snapshotId: ctx.snapshotId } : { ...e, status: ENTRY_STATUS.EXISTING }));
    result.push(await writeManifest(table.io, { ...ctx, spec: specById(table.metadata, manifest.partitionSpecId) }, entries));
    deleted.push(...live.filter(isDoomed).map((e) => e.file));
  }
  return { manifests: result, deleted };
}
