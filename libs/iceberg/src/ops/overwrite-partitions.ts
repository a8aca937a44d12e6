// Partition overwrite for copy-on-write: the live files of the given partitions are marked DELETED,
// the new files ADDED; manifests without a file in those partitions are carried unchanged.
import type { IcebergTable } from '../catalog/table.js';
import { InvalidDataFileError } from '../errors.js';
import { ENTRY_STATUS, type DataFile, type ManifestEntry, type PartitionValues } from '../manifest/data-file.js';
import { readManifest, writeManifest } from '../manifest/manifest-file.js';
import type { ManifestFile } from '../manifest/manifest-list.js';
import { checkPartition, partitionKey } from '../manifest/partition.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import { checkNewFiles } from './check-files.js';
import { currentManifests, newSnapshotContext, stageSnapshot, type SnapshotContext } from './snapshot-producer.js';

/**
 * Stages the replacement of exactly the files of `partitions` by `files`. Every new file must lie in
 * one of those partitions, so an overwrite can never silently touch a partition it did not name.
 * A partition named with no new files ends up empty.
 */
export async function overwritePartitions(table: IcebergTable, partitions: readonly PartitionValues[], files: readonly DataFile[]): Promise<TableMetadata> {
  const ctx = newSnapshotContext(table.metadata);
  partitions.forEach((p, i) => checkPartition(`(partition #${i + 1} to overwrite)`, ctx.schema, ctx.spec, p));
  checkNewFiles(ctx, files);
  const targets = new Set(partitions.map((p) => partitionKey(ctx.spec, p)));
  for (const file of files) {
    if (!targets.has(partitionKey(ctx.spec, file.partition))) {
      throw new InvalidDataFileError(file.path, `its partition ${JSON.stringify(file.partition)} is not among the partitions being overwritten (${[...targets].join(', ')})`);
    }
  }
  const manifests: ManifestFile[] = [];
  const deleted: DataFile[] = [];
  for (const manifest of await currentManifests(table)) {
    const rewritten = await rewriteManifest(table, ctx, manifest, targets);
    manifests.push(rewritten?.manifest ?? manifest);
    deleted.push(...(rewritten?.deleted ?? []));
  }
  if (files.length > 0) {
    const entries = files.map((file) => ({ status: ENTRY_STATUS.ADDED, snapshotId: ctx.snapshotId, sequenceNumber: null, fileSequenceNumber: null, file }));
    manifests.unshift(await writeManifest(table.io, ctx, entries));
  }
  return stageSnapshot(table, ctx, manifests, { operation: 'overwrite', added: files, deleted, extraSummary: { 'replace-partitions': 'true' } });
}

/** Undefined when the manifest holds no live file of the target partitions (it is then carried as is). */
async function rewriteManifest(
  table: IcebergTable,
  ctx: SnapshotContext,
  manifest: ManifestFile,
  targets: ReadonlySet<string>,
): Promise<{ manifest: ManifestFile; deleted: DataFile[] } | undefined> {
  // Entries deleted by an earlier snapshot are history of that snapshot only; they are not carried.
  const live = (await readManifest(table.io, manifest, ctx.schema)).filter((e) => e.status !== ENTRY_STATUS.DELETED);
  const hit = (e: ManifestEntry) => targets.has(partitionKey(ctx.spec, e.file.partition));
  if (!live.some(hit)) return undefined;
  const entries: ManifestEntry[] = live.map((e) =>
    hit(e) ? { ...e, status: ENTRY_STATUS.DELETED, snapshotId: ctx.snapshotId } : { ...e, status: ENTRY_STATUS.EXISTING },
  );
  return {
    manifest: await writeManifest(table.io, ctx, entries),
    deleted: live.filter(hit).map((e) => e.file),
  };
}
