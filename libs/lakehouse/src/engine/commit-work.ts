// Committing a job's work exactly once: the snapshot records the work id, and a work id found in the
// table already (an earlier attempt that committed, then crashed before its settle) is returned as is.
import { commitWithRetry, type IcebergTable, type PartitionValues, type SnapshotOptions, type TableMetadata } from '@datamaster/iceberg';
import { COMMIT_SUMMARY, type JobCommit, type ProcessingWork } from '@datamaster/lake-contract';
import type { LakeTable } from '@datamaster/lake-manifest';
import { snapshotOfWork } from '@datamaster/processing';
import { EMBEDDED_ENGINE, type LakehouseContext } from './context.js';

/** What a job reports about its commit, for the summary the settle task reads. */
export interface WorkSummary {
  readonly rowsIn: number;
  readonly partitionsRewritten: number;
  readonly downstreamPartitions: readonly PartitionValues[];
}

export function summaryOptions(work: ProcessingWork, summary: WorkSummary): SnapshotOptions {
  return {
    summary: {
      [COMMIT_SUMMARY.workId]: work.workId,
      [COMMIT_SUMMARY.rowsIn]: String(summary.rowsIn),
      [COMMIT_SUMMARY.partitionsRewritten]: String(summary.partitionsRewritten),
      [COMMIT_SUMMARY.downstreamPartitions]: JSON.stringify(summary.downstreamPartitions),
      [COMMIT_SUMMARY.engine]: EMBEDDED_ENGINE,
    },
  };
}

class AlreadyCommitted {
  constructor(readonly snapshotId: string) {}
}

/** Builds and commits the work against the current table (again after a conflict), unless it is in the table. */
export async function commitWork(ctx: LakehouseContext, table: LakeTable, work: ProcessingWork, build: (iceberg: IcebergTable) => Promise<TableMetadata>): Promise<JobCommit> {
  const done = (snapshotId: string, alreadyCommitted: boolean): JobCommit => ({ ref: table.ref, workId: work.workId, snapshotId, alreadyCommitted });
  try {
    const committed = await commitWithRetry(ctx.lake.catalog, ctx.lake.identifier(table), async (iceberg) => {
      const earlier = snapshotOfWork(iceberg, work.workId);
      if (earlier !== undefined) throw new AlreadyCommitted(earlier['snapshot-id']);
      return build(iceberg);
    });
    return done(committed.metadata['current-snapshot-id'] as string, false);
  } catch (error) {
    if (error instanceof AlreadyCommitted) return done(error.snapshotId, true);
    throw error;
  }
}
