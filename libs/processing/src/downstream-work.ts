// After a commit, the tables built from this one get ledger work naming the snapshot and the partitions
// to recompute. Registering is idempotent (one record per target and upstream snapshot), so a settle that
// runs twice, or a rerun that recovers a crashed run's commit, hands the work over once.
import type { ControlLedger } from '@datamaster/control-ledger';
import { downstreamTables, downstreamWorkKey, type CommittedWork, type PartitionValues } from '@datamaster/lake-contract';
import type { CatalogLayer, LakeManifest, LakeTable } from '@datamaster/lake-manifest';

export const PARTITIONS_ATTRIBUTE = 'partitions';

export async function registerDownstreamWork(ledger: ControlLedger, manifest: LakeManifest, table: LakeTable, commit: CommittedWork): Promise<string[]> {
  // A partition with a null value holds tombstones only; nothing downstream reads it.
  const live = commit.downstreamPartitions.filter((p) => Object.values(p).every((v) => v !== null));
  if (live.length === 0) return [];
  const targets = downstreamTables(manifest, table);
  for (const target of targets) {
    await ledger.register({
      layer: target.layer as CatalogLayer,
      table: target.name,
      objectKey: downstreamWorkKey(target, table.ref, commit.snapshotId),
      etag: commit.snapshotId,
      objectSize: commit.bytesWritten,
      format: 'iceberg',
      source: table.ref,
      estimatedRecords: commit.rowsWritten,
      attributes: { [PARTITIONS_ATTRIBUTE]: JSON.stringify(live) },
    });
  }
  return targets.map((t) => t.ref);
}

/** The union of the partitions a set of work records asks to recompute. */
export function requestedPartitions(records: readonly { readonly attributes: Readonly<Record<string, string>> }[]): PartitionValues[] {
  const seen = new Map<string, PartitionValues>();
  for (const record of records) {
    const text = record.attributes[PARTITIONS_ATTRIBUTE];
    if (text === undefined) continue;
    for (const partition of JSON.parse(text) as PartitionValues[]) seen.set(JSON.stringify(partition), partition);
  }
  return [...seen.values()];
}
