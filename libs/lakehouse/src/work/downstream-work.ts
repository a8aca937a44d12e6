// After a commit, the tables built from this one get ledger work naming the snapshot and the partitions
// to recompute. Registered before the commit lands: if the commit then loses a race or the process dies,
// the extra work only recomputes partitions that did not change (never a missed recompute).
import type { ControlLedger } from '@datamaster/control-ledger';
import type { PartitionValues, SnapshotId } from '@datamaster/iceberg';
import type { CatalogLayer, LakeManifest, LakeTable } from '@datamaster/lake-manifest';

export const PARTITIONS_ATTRIBUTE = 'partitions';

export function downstreamTables(manifest: LakeManifest, table: LakeTable): LakeTable[] {
  return manifest.tables.filter((t) => t.upstream.includes(table.ref));
}

export async function registerDownstreamWork(
  ledger: ControlLedger,
  manifest: LakeManifest,
  table: LakeTable,
  snapshotId: SnapshotId,
  partitions: readonly PartitionValues[],
  written: { readonly rows: number; readonly bytes: number },
): Promise<string[]> {
  // A partition with a null value holds tombstones only; nothing downstream reads it.
  const live = partitions.filter((p) => Object.values(p).every((v) => v !== null));
  if (live.length === 0) return [];
  const targets = downstreamTables(manifest, table);
  for (const target of targets) {
    await ledger.register({
      layer: target.layer as CatalogLayer,
      table: target.name,
      // One record per target table: the ledger's record id derives from (layer, objectKey, etag).
      objectKey: `${target.layer}/${target.name}/inputs/${table.ref}@${snapshotId}`,
      etag: snapshotId,
      objectSize: written.bytes,
      format: 'iceberg',
      source: table.ref,
      estimatedRecords: written.rows,
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
