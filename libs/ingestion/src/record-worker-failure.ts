// The state machine's Catch path (RecordFailure): a worker that died without recording its own
// failure (an OOM-killed task, a Lambda timeout) is failed here, acting as the attempt's lease owner.
import { type ControlLedger } from '@datamaster/control-ledger';
import { LedgerConflictError } from '@datamaster/lake-contract';

export interface WorkerFailurePayload {
  readonly recordId: string;
  /** The Catch's error output: { Error, Cause }. */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

/** Returns whether a failure was recorded; false when the worker had already recorded its outcome. */
export async function recordWorkerFailure(ledger: ControlLedger, payload: WorkerFailurePayload, executionId: string): Promise<boolean> {
  const current = await ledger.get(payload.recordId);
  if (current?.status !== 'running' || current.leaseOwner !== executionId) return false;
  try {
    await ledger.fail(payload.recordId, executionId, { message: `${payload.error?.Error ?? 'Error'}: ${payload.error?.Cause ?? 'the worker stopped'}` });
    return true;
  } catch (error) {
    if (error instanceof LedgerConflictError) return false;
    throw error;
  }
}
