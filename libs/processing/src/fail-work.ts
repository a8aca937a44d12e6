// The fail task: a job (or its settle) failed, so its records are failed with the error and retried
// with backoff by a later run, dead after their last attempt.
import { LedgerConflictError, emitJobMetrics, type ClaimOutcome } from '@datamaster/lake-contract';
import { leaseOwner, type ProcessingContext } from './context.js';
import { emitJobLineage } from './job-lineage.js';
import { readWorkFile } from './work-files.js';

export interface FailRequest {
  readonly layer: string;
  readonly table: string;
  readonly executionId: string;
  readonly claim: ClaimOutcome;
  /** The state machine's caught error: {Error, Cause}. */
  readonly error: { readonly Error?: string; readonly Cause?: string };
}

/** The message inside a caught error: Step Functions wraps a task's error as JSON {errorMessage, …}. */
export function causeOf(error: FailRequest['error']): string {
  const cause = error.Cause;
  if (cause === undefined) return error.Error ?? 'unknown error';
  try {
    return (JSON.parse(cause) as { errorMessage?: string }).errorMessage ?? cause;
  } catch {
    return cause;
  }
}

export async function failWork(ctx: ProcessingContext, request: FailRequest): Promise<{ readonly failed: number; readonly error: string }> {
  const ref = `${request.layer}.${request.table}`;
  const message = `${ref}: ${causeOf(request.error)}`;
  if (request.claim.workKey === undefined) return { failed: 0, error: message };
  const work = await readWorkFile(ctx.store, request.claim.workKey);
  let failed = 0;
  let dead = 0;
  let attempt = 0;
  for (const recordId of work.recordIds) {
    try {
      const record = await ctx.ledger.fail(recordId, leaseOwner(request.executionId, ref), { message });
      failed++;
      if (record.status === 'dead') dead++;
      attempt = Math.max(attempt, record.attempts);
    } catch (error) {
      // Settled or taken over meanwhile: not ours to fail.
      if (!(error instanceof LedgerConflictError)) throw error;
    }
  }
  const now = ctx.clock?.() ?? new Date();
  await emitJobMetrics(
    ctx.metrics,
    { table: ref, layer: request.layer, engine: ctx.engine ?? 'unknown', at: new Date(work.claimedAt) },
    { duration: now.getTime() - Date.parse(work.claimedAt), attempt, failed: 1, dead },
    { executionId: request.executionId, workId: work.workId },
  );
  await emitJobLineage(ctx, ctx.lake.table(ref), work.workId, 'FAIL', undefined, message);
  return { failed, error: message };
}
