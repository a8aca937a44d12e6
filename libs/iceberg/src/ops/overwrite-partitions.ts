// Partition overwrite for copy-on-write: the live files of the given partitions are marked DELETED,
// the new files ADDED; manifests without a file in those partitions are carried unchanged.
import type { IcebergTable } from '../catalog/table.js';
import { InvalidDataFileError } from '../errors.js';
import type { DataFile, PartitionValues } from '../manifest/data-file.js';
import { checkPartition, partitionKey } from '../manifest/partition.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import { checkNewFiles } from './check-files.js';
import { addedManifests, liveManifests, markDeleted } from './manifest-changes.js';
import { newSnapshotContext, stageSnapshot, type SnapshotOptions } from './snapshot-producer.js';

/**
 * Stages the replacement of exactly the files of `partitions` by `files`. Every new file must lie in
 * one of those partitions, so an overwrite can never silently touch a partition it did not name.
 * A partition named with no new files ends up empty. Partitions are those of the default spec: after partition
 * evolution, files written with an older spec lie in none of them and stay (as in Iceberg Java's ReplacePartitions).
 */
export async function overwritePartitions(
  table: IcebergTable,
  partitions: readonly PartitionValues[],
  files: readonly DataFile[],
  options: SnapshotOptions = {},
): Promise<TableMetadata> {
  const ctx = newSnapshotContext(table.metadata, options);
  partitions.forEach((p, i) => checkPartition(`(partition #${i + 1} to overwrite)`, ctx.schema, ctx.spec, p));
  checkNewFiles(ctx, files);
  const targets = new Set(partitions.map((p) => partitionKey(ctx.spec, p)));
  for (const file of files) {
    if (!targets.has(partitionKey(ctx.spec, file.partition))) {
      throw new InvalidDataFileError(file.path, `its partition ${JSON.stringify(file.partition)} is not among the partitions being overwritten (${[...targets].join(', ')})`);
    }
  }
  const { manifests, deleted } = await markDeleted(table, ctx, await liveManifests(table, ctx), (f, specId) => specId === ctx.spec['spec-id'] && targets.has(partitionKey(ctx.spec, f.partition)));
  const added = await addedManifests(table, ctx, files);
  return stageSnapshot(table, ctx, [...added, ...manifests], {
    operation: 'overwrite',
    added: files,
    deleted,
    extraSummary: { 'replace-partitions': 'true' },
  });
}
