// Rewrite manifests: a `replace` snapshot with the same live files, whose manifests hold no history. Entries an
// earlier snapshot marked DELETED are dropped, and so are manifests left empty. The deleted files' entries carry
// their column bounds (lower and upper values), so once values were rewritten masked, this is what takes the
// clear ones out of the table's metadata too (with the older snapshots expired).
import type { IcebergTable } from '../catalog/table.js';
import { ENTRY_STATUS, type ManifestEntry } from '../manifest/data-file.js';
import { writeManifest } from '../manifest/manifest-file.js';
import type { ManifestFile } from '../manifest/manifest-list.js';
import { specById } from '../metadata/metadata-file.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import { liveManifests } from './manifest-changes.js';
import { newSnapshotContext, stageSnapshot, type SnapshotOptions } from './snapshot-producer.js';

/** Stages the snapshot; undefined when no manifest of the current snapshot holds a deleted entry. */
export async function rewriteManifests(table: IcebergTable, options: SnapshotOptions = {}): Promise<TableMetadata | undefined> {
  const ctx = newSnapshotContext(table.metadata, options);
  const manifests = await liveManifests(table, ctx);
  if (manifests.every(({ manifest }) => manifest.deletedFilesCount === 0)) return undefined;
  const kept: ManifestFile[] = [];
  for (const { manifest, live } of manifests) {
    if (manifest.deletedFilesCount === 0) kept.push(manifest);
    else if (live.length > 0) {
      const entries = live.map((e): ManifestEntry => ({ ...e, status: ENTRY_STATUS.EXISTING }));
      kept.push(await writeManifest(table.io, { ...ctx, spec: specById(table.metadata, manifest.partitionSpecId) }, entries));
    }
  }
  return stageSnapshot(table, ctx, kept, { operation: 'replace', added: [], deleted: [] });
}
