// Table upkeep for every silver and gold table, in the order that keeps each step safe: compact small
// files (a replace snapshot), expire old snapshots, then delete the files nothing references any more
// and that are older than any write still in flight.
import { commitWithRetry, compactDataFiles, deleteOrphanFiles, expireSnapshots, type Catalog, type IcebergTable, type SnapshotId, type TableIdentifier, type TableMetadata } from '@datamaster/iceberg';
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
  /** Report what would be deleted, change nothing. */
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

export async function maintainTables(ctx: LakehouseContext, options: MaintenanceOptions = {}): Promise<TableMaintenance[]> {
  const now = options.now ?? new Date();
  const { lake } = ctx;
  const connection = await ctx.session.connect();
  try {
    const results: TableMaintenance[] = [];
    for (const table of lake.tables) {
      const identifier = lake.identifier(table);
      let compacted = { rewritten: 0, added: 0 };
      let expired: SnapshotId[] = [];
      if (!options.dryRun) {
        await commitIfChanged(lake.catalog, identifier, async (current) => {
          const result = await compactDataFiles(current, connection, { minInputFiles: options.compactMinFiles ?? 10 });
          compacted = { rewritten: result?.rewritten ?? 0, added: result?.added ?? 0 };
          return result?.metadata;
        });
        await commitIfChanged(lake.catalog, identifier, async (current) => {
          const result = await expireSnapshots(current, { olderThan: new Date(now.getTime() - (options.snapshotRetentionMs ?? 7 * DAY_MS)), retainLast: options.retainLast ?? 5 });
          expired = result.expired;
          return result.expired.length === 0 ? undefined : result.metadata;
        });
      }
      const orphans = await deleteOrphanFiles(await lake.load(table), { olderThan: new Date(now.getTime() - (options.orphanMinAgeMs ?? DAY_MS)), dryRun: options.dryRun ?? false });
      results.push({ ref: table.ref, filesCompacted: compacted.rewritten, filesAdded: compacted.added, snapshotsExpired: expired.length, orphansDeleted: orphans.deleted.length, orphansKept: orphans.kept });
    }
    return results;
  } finally {
    connection.closeSync();
  }
}
