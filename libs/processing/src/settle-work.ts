// The settle task: reads the job's commit back from the table (the snapshot that names the work),
// succeeds the work's ledger records with it, and hands the downstream tables their work. One
// implementation for every engine; the job itself never touches the ledger.
import { createHash } from 'node:crypto';
import { LedgerConflictError, emitJobMetrics, type ClaimOutcome, type CommittedWork, type JobResult, type PartitionValues, type ProcessingWork, type RunOutcome } from '@datamaster/lake-contract';
import type { LakeTable } from '@datamaster/lake-manifest';
import { committedWork } from './committed-work.js';
import { leaseOwner, type ProcessingContext } from './context.js';
import { registerDownstreamWork } from './downstream-work.js';
import { WorkNotCommittedError } from './errors.js';
import { emitJobLineage } from './job-lineage.js';
import { readWorkFile } from './work-files.js';

export interface SettleRequest {
  readonly layer: string;
  readonly table: string;
  readonly executionId: string;
  readonly claim: ClaimOutcome;
}

/** The input of a derived table's run is its set of partitions; this digest tells two runs' inputs apart. */
export function partitionsDigest(partitions: readonly PartitionValues[]): string {
  return createHash('sha256').update(JSON.stringify(partitions.map((p) => JSON.stringify(p)).sort())).digest('hex');
}

function outcomeOf(work: ProcessingWork, commit: CommittedWork, recordId: string): RunOutcome {
  const common = { rowsQuarantined: 0, outputKeys: [commit.metadataLocation], executionId: work.executionId, computeTarget: commit.engine, attributes: { snapshotId: commit.snapshotId } };
  const input = work.inputs.find((i) => i.recordId === recordId);
  // A bronze object's rows were counted by its bronze worker; its ETag is the digest of its content.
  if (input !== undefined) return { ...common, rowsIn: input.rows, rowsOut: input.rows, bytesIn: input.objectSize, bytesOut: 0, checksum: input.etag };
  return { ...common, rowsIn: commit.rowsIn, rowsOut: commit.rowsWritten, bytesIn: 0, bytesOut: commit.bytesWritten, checksum: partitionsDigest(work.partitions) };
}

/**
 * Succeeds `recordIds` (held by `owner`) with the commit and registers the downstream work. A record another
 * run has taken over meanwhile is left to it: that run finds the same commit by the work id.
 */
export async function settleCommitted(
  ctx: ProcessingContext,
  table: LakeTable,
  work: ProcessingWork,
  commit: CommittedWork,
  recordIds: readonly string[],
  owner: string,
): Promise<{ readonly downstream: string[]; readonly attempt: number }> {
  const downstream = await registerDownstreamWork(ctx.ledger, ctx.lake.manifest, table, commit);
  let attempt = 0;
  for (const recordId of recordIds) {
    try {
      attempt = Math.max(attempt, (await ctx.ledger.succeed(recordId, owner, outcomeOf(work, commit, recordId))).attempts);
    } catch (error) {
      if (!(error instanceof LedgerConflictError)) throw error;
    }
  }
  return { downstream, attempt };
}

export async function settleWork(ctx: ProcessingContext, request: SettleRequest): Promise<JobResult> {
  const ref = `${request.layer}.${request.table}`;
  const table = ctx.lake.table(ref);
  const work = await readWorkFile(ctx.store, request.claim.workKey ?? '');
  const commit = committedWork(await ctx.lake.load(table), work.workId);
  if (commit === undefined) throw new WorkNotCommittedError(ref, work.workId);
  const { downstream, attempt } = await settleCommitted(ctx, table, work, commit, work.recordIds, leaseOwner(request.executionId, ref));
  const durationMs = (ctx.clock?.() ?? new Date()).getTime() - Date.parse(work.claimedAt);
  await emitJobMetrics(
    ctx.metrics,
    { table: ref, layer: request.layer, engine: commit.engine, at: new Date(work.claimedAt) },
    { rowsIn: commit.rowsIn, rowsOut: commit.rowsWritten, bytesWritten: commit.bytesWritten, duration: durationMs, attempt, succeeded: 1 },
    { executionId: request.executionId, workId: work.workId, snapshotId: commit.snapshotId },
  );
  await emitJobLineage(ctx, table, work.workId, 'COMPLETE', { rowsIn: commit.rowsIn, rowsOut: commit.rowsWritten, bytesOut: commit.bytesWritten });
  return {
    ref,
    status: 'committed',
    records: work.recordIds.length + request.claim.recovered,
    rowsIn: commit.rowsIn,
    rowsWritten: commit.rowsWritten,
    filesAdded: commit.filesAdded,
    partitionsRewritten: commit.partitionsRewritten,
    snapshotId: commit.snapshotId,
    downstream,
    recovered: request.claim.recovered,
    held: request.claim.held,
    durationMs,
  };
}
