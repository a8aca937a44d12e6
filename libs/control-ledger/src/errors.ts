import type { LedgerFailure, LedgerStatus } from './model.js';

export type LedgerOperation = 'claim' | 'heartbeat' | 'succeed' | 'fail' | 'reprocess' | 'recover';

/**
 * A transition that the record's current state does not allow, or that lost a race with another writer.
 * The record is unchanged by this call.
 */
export class LedgerConflictError extends Error {
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

export class LedgerRecordNotFoundError extends Error {
  override readonly name = 'LedgerRecordNotFoundError';
  constructor(
    readonly recordId: string,
    readonly tableName: string,
  ) {
    super(
      `No control ledger record ${recordId} in table ${tableName}. Check the id (list() or \`datamaster status\` ` +
        'show them) and the ledger table, or register the object first.',
    );
  }
}

/** claim() found a crashed attempt that used up the last attempt: the record is now dead. */
export class LedgerAttemptsExhaustedError extends Error {
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

/** Input the ledger refuses before writing anything; the message lists every problem. */
export class LedgerInputError extends Error {
  override readonly name = 'LedgerInputError';
  constructor(
    readonly what: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${what}: ${problems.join('; ')}.`);
  }
}

/** The ledger table exists but not with the keys and indexes this code queries. */
export class LedgerTableMismatchError extends Error {
  override readonly name = 'LedgerTableMismatchError';
  constructor(
    readonly tableName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `The DynamoDB table ${tableName} is not a control ledger table: ${problems.join('; ')}. Use another table ` +
        'name, or delete this table (locally: the lake home\'s ledger folder) so that it is created with ' +
        'ledgerTableDefinition().',
    );
  }
}
