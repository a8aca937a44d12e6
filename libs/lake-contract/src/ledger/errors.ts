// The ledger's own refusals: a transition its state does not allow, and a record out of attempts.
import type { LedgerFailure, LedgerStatus } from './model.js';
import { ConflictError } from '@datamaster/lake-manifest';

export type LedgerOperation = 'claim' | 'heartbeat' | 'succeed' | 'fail' | 'reprocess' | 'recover';

/**
 * A transition that the record's current state does not allow, or that lost a race with another writer.
 * The record is unchanged by this call.
 */
export class LedgerConflictError extends ConflictError {
  override readonly name = 'LedgerConflictError';
  constructor(
    readonly recordId: string,
    readonly operation: LedgerOperation,
    readonly expectedStatus: readonly LedgerStatus[],
    readonly actualStatus: LedgerStatus,
    /** What exactly stood in the way, and what to do about it. */
    readonly detail: string,
  ) {
    super(
      `Cannot ${operation} control ledger record ${recordId}: expected status ${expectedStatus.join(' or ')}, ` +
        `found ${actualStatus}: ${detail}`,
    );
  }
}

/** claim() found a crashed attempt that used up the last attempt: the record is now dead. */
export class LedgerAttemptsExhaustedError extends ConflictError {
  override readonly name = 'LedgerAttemptsExhaustedError';
  constructor(
    readonly recordId: string,
    readonly attempts: number,
    readonly maxAttempts: number,
    readonly lastError: LedgerFailure | undefined,
  ) {
    super(
      `Control ledger record ${recordId} is dead after ${attempts} of ${maxAttempts} attempts ` +
        `(last error: ${lastError?.message ?? 'none recorded'}). Fix the cause, then re-drive it with ` +
        `reprocess("${recordId}") or \`datamaster reprocess ${recordId}\`.`,
    );
  }
}

