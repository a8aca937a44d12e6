// Table upkeep for every silver and gold table, in the order that keeps each step safe: compact small
// files (a replace snapshot), expire old snapshots, then delete the files nothing references any more
// and that are older than any write still in flight.
import { commitWithRetry, compactDataFiles, deleteOrphanFiles, expireSnapshots, planCompaction, type Catalog, type IcebergTable, type SnapshotId, type TableIdentifier, type TableMetadata } from '@datamaster/iceberg';
import type { LakeTable } from '@datamaster/lake-manifest';
import type { LakehouseContext } from '../engine/context.js';

export interface MaintenanceOptions {
  /** Snapshots older than this are expired (time travel to them ends). Default 7 days. */
  readonly snapshotRetentionMs?: number;
  /** Newest snapshots kept whatever their age. Default 5. */
  readonly retainLast?: number;
  /** Unreferenced files younger than this are spared (a writer may be about to commit them). Default 1 day. */
  readonly orphanMinAgeMs?: number;
  /** Partitions with at least this many files smaller than the target are compacted. Default 10. */
  readonly compactMinFiles?: number;
  /** Report what a real run would compact, expire and delete; change nothing. */
  readonly dryRun?: boolean;
  readonly now?: Date;
}

export interface TableMaintenance {
  readonly ref: string;
  readonly filesCompacted: number;
  readonly filesAdded: number;
  readonly snapshotsExpired: number;
  readonly orphansDeleted: number;
  /** Unreferenced files spared because they are younger than orphanMinAgeMs. */
  readonly orphansKept: number;
}

const DAY_MS = 86_400_000;

class NothingToCommit extends Error {}

/** commitWithRetry for upkeep that may find nothing to do: then no new metadata version is written. */
async function commitIfChanged(catalog: Catalog, identifier: TableIdentifier, build: (table: IcebergTable) => Promise<TableMetadata | undefined>): Promise<void> {
  try {
    await commitWithRetry(catalog, identifier, async (table) => {
      const metadata = await build(table);
      if (metadata === undefined) throw new NothingToCommit();
      return metadata;
    });
  } catch (error) {
    if (!(error instanceof NothingToCommit)) throw error;
  }
}

const snapshotCutoff = (options: MaintenanceOptions, now: Date) => new Date(now.getTime() - (options.snapshotRetentionMs ?? 7 * DAY_MS));
const orphanCutoff = (options: MaintenanceOptions, now: Date) => new Date(now.getTime() - (options.orphanMinAgeMs ?? DAY_MS));

/**
 * What a real run would do to one table, computed without writing: the compaction plan, the snapshots expiry
 * would drop, and the files unreferenced once they are gone (the expired metadata is never committed).
 */
async function planUpkeep(ctx: LakehouseContext, table: LakeTable, options: MaintenanceOptions, now: Date): Promise<TableMaintenance> {
  const current = await ctx.lake.load(table);
  const compaction = await planCompaction(current, { minInputFiles: options.compactMinFiles ?? 10 });
  const expiry = await expireSnapshots(current, { olderThan: snapshotCutoff(options, now), retainLast: options.retainLast ?? 5 });
  const orphans = await deleteOrphanFiles({ ...current, metadata: expiry.metadata }, { olderThan: orphanCutoff(options, now), dryRun: true });
  return { ref: table.ref, filesCompacted: compaction.rewritten, filesAdded: compaction.added, snapshotsExpired: expiry.expired.length, orphansDeleted: orphans.deleted.length, orphansKept: orphans.kept };
}

export async function maintainTables(ctx: LakehouseContext, options: MaintenanceOptions = {}): Promise<TableMaintenance[]> {
  const now = options.now ?? new Date();
  const { lake } = ctx;
  const connection = await ctx.session.connect();
  try {
    const results: TableMaintenance[] = [];
    for (const table of lake.tables) {
      if (options.dryRun) {
        results.push(await planUpkeep(ctx, table, options, now));
        continue;
      }
      const identifier = lake.identifier(table);
      let compacted = { rewritten: 0, added: 0 };
      let expired: SnapshotId[] = [];
      await commitIfChanged(lake.catalog, identifier, async (current) => {
        const result = await compactDataFiles(current, connection, { minInputFiles: options.compactMinFiles ?? 10 });
        compacted = { rewritten: result?.rewritten ?? 0, added: result?.added ?? 0 };
        return result?.metadata;
      });
      await commitIfChanged(lake.catalog, identifier, async (current) => {
        const result = await expireSnapshots(current, { olderThan: snapshotCutoff(options, now), retainLast: options.retainLast ?? 5 });
        expired = result.expired;
        return result.expired.length === 0 ? undefined : result.metadata;
      });
      const orphans = await deleteOrphanFiles(await lake.load(table), { olderThan: orphanCutoff(options, now) });
      results.push({ ref: table.ref, filesCompacted: compacted.rewritten, filesAdded: compacted.added, snapshotsExpired: expired.length, orphansDeleted: orphans.deleted.length, orphansKept: orphans.kept });
    }
    return results;
  } finally {
    connection.closeSync();
  }
}
