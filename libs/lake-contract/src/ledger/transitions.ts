// The ledger's state machine as pure functions: each takes the record as read and returns the record to write,
// or throws a LedgerConflictError when the record's state does not allow the transition. Fields set to
// undefined are removed by the write.
import { LedgerConflictError, type LedgerOperation } from './errors.js';
import { describeFailure, retryDelayMs } from './failure.js';
import {
  REDRIVABLE_STATUSES,
  type BackoffOptions,
  type ClaimOptions,
  type LedgerRecord,
  type LedgerStatus,
  type RegisterInput,
  type RunOutcome,
} from './model.js';
import { ledgerRecordId, normalizeEtag } from './record-id.js';
import { MAX_ATTEMPTS } from '../defaults.js';

const CLAIMABLE: readonly LedgerStatus[] = ['pending', 'failed', 'running'];

const NO_LEASE = { leaseOwner: undefined, leaseExpiresAt: undefined, leaseHolder: undefined } as const;

// A new attempt must not show the previous attempt's results as its own.
const NO_OUTCOME = {
  rowsIn: undefined,
  rowsOut: undefined,
  rowsQuarantined: undefined,
  bytesIn: undefined,
  bytesOut: undefined,
  checksum: undefined,
  outputKeys: undefined,
  quarantineKey: undefined,
} as const;

export function newRecord(input: RegisterInput, now: Date): LedgerRecord {
  const at = now.toISOString();
  return {
    recordId: ledgerRecordId(input.layer, input.objectKey, input.etag),
    layer: input.layer,
    table: input.table,
    objectKey: input.objectKey,
    etag: normalizeEtag(input.etag),
    objectSize: input.objectSize,
    format: input.format,
    source: input.source,
    estimatedRecords: input.estimatedRecords,
    status: 'pending',
    attempts: 0,
    maxAttempts: input.maxAttempts ?? MAX_ATTEMPTS,
    registeredAt: at,
    updatedAt: at,
    version: 1,
    attributes: { ...input.attributes },
  };
}

export function planClaim(record: LedgerRecord, options: ClaimOptions, now: Date, backoff: BackoffOptions): LedgerRecord {
  let from = record;
  if (record.status === 'running') {
    const abandoned = options.takeOverFrom !== undefined && options.takeOverFrom === record.leaseOwner;
    if (!leaseExpired(record, now) && !abandoned) {
      const detail = `it is leased by ${record.leaseOwner} until ${record.leaseExpiresAt}; wait until the lease expires or the worker records its outcome`;
      throw conflict(record, 'claim', CLAIMABLE, detail);
    }
    const reason = abandoned ? `lease holder gone (owner ${record.leaseOwner})` : `lease expired (owner ${record.leaseOwner})`;
    const failure = failureChanges(record, reason, now, backoff);
    if (failure.status === 'dead') return written(record, now, failure);
    from = { ...record, ...failure };
  } else if (record.status === 'failed' && Date.parse(record.nextAttemptAt ?? '') > now.getTime()) {
    const detail = `attempt ${record.attempts} failed and the next attempt is due at ${record.nextAttemptAt}; claim it then`;
    throw conflict(record, 'claim', CLAIMABLE, detail);
  } else if (record.status !== 'pending' && record.status !== 'failed') {
    throw conflict(record, 'claim', CLAIMABLE, `it is ${record.status}; reprocess it first to run it again`);
  }
  return written(record, now, {
    ...from,
    ...NO_OUTCOME,
    status: 'running',
    attempts: from.attempts + 1,
    leaseOwner: options.owner,
    leaseExpiresAt: new Date(now.getTime() + options.leaseMs).toISOString(),
    leaseHolder: options.holder,
    attributes: { ...from.attributes, ...options.attributes },
    nextAttemptAt: undefined,
    startedAt: now.toISOString(),
    finishedAt: undefined,
    durationMs: undefined,
    computeTarget: options.computeTarget,
    executionId: options.executionId,
  });
}

export function planHeartbeat(record: LedgerRecord, owner: string, leaseMs: number, now: Date): LedgerRecord {
  requireLease(record, 'heartbeat', owner);
  return written(record, now, { leaseExpiresAt: new Date(now.getTime() + leaseMs).toISOString() });
}

/** The owner may still record its outcome after its lease expired, as long as nobody has taken the record over. */
export function planSucceed(record: LedgerRecord, owner: string, outcome: RunOutcome, now: Date): LedgerRecord {
  requireLease(record, 'succeed', owner);
  const { attributes, executionId, computeTarget, ...results } = outcome;
  return written(record, now, {
    ...NO_LEASE,
    ...results,
    ...finished(record, now),
    status: 'succeeded',
    executionId: executionId ?? record.executionId,
    computeTarget: computeTarget ?? record.computeTarget,
    attributes: { ...record.attributes, ...attributes },
  });
}

/** Without an owner (a worker that died without recording its failure), any running attempt is failed. */
export function planFail(record: LedgerRecord, owner: string | undefined, message: string, now: Date, backoff: BackoffOptions): LedgerRecord {
  requireLease(record, 'fail', owner);
  return written(record, now, failureChanges(record, message, now, backoff));
}

export function planLeaseExpiry(record: LedgerRecord, now: Date, backoff: BackoffOptions): LedgerRecord {
  if (record.status !== 'running' || !leaseExpired(record, now)) {
    const detail = `its lease is not expired at ${now.toISOString()} (lease until ${record.leaseExpiresAt ?? 'none'})`;
    throw conflict(record, 'recover', ['running'], detail);
  }
  return written(record, now, failureChanges(record, `lease expired (owner ${record.leaseOwner})`, now, backoff));
}

/** A manual re-drive: attempts start over; the last error stays, for the record's story. */
export function planReprocess(record: LedgerRecord, now: Date): LedgerRecord {
  if (!(REDRIVABLE_STATUSES as readonly LedgerStatus[]).includes(record.status)) {
    const detail = record.status === 'pending' ? 'it is already waiting to run' : `it is being run by ${record.leaseOwner}; wait for its outcome`;
    throw conflict(record, 'reprocess', REDRIVABLE_STATUSES, detail);
  }
  return written(record, now, { ...NO_LEASE, status: 'pending', attempts: 0, nextAttemptAt: undefined });
}

export function leaseExpired(record: LedgerRecord, now: Date): boolean {
  return record.leaseExpiresAt !== undefined && Date.parse(record.leaseExpiresAt) <= now.getTime();
}

function failureChanges(record: LedgerRecord, message: string, now: Date, backoff: BackoffOptions): Partial<LedgerRecord> {
  const exhausted = record.attempts >= record.maxAttempts;
  return {
    ...NO_LEASE,
    ...finished(record, now),
    status: exhausted ? 'dead' : 'failed',
    nextAttemptAt: exhausted ? undefined : new Date(now.getTime() + retryDelayMs(record.attempts, backoff)).toISOString(),
    lastError: { message: describeFailure(message), at: now.toISOString(), attempt: record.attempts },
  };
}

function finished(record: LedgerRecord, now: Date): Pick<LedgerRecord, 'finishedAt' | 'durationMs'> {
  const started = record.startedAt === undefined ? undefined : Date.parse(record.startedAt);
  return { finishedAt: now.toISOString(), durationMs: started === undefined ? undefined : now.getTime() - started };
}

function requireLease(record: LedgerRecord, operation: LedgerOperation, owner: string | undefined): void {
  if (record.status !== 'running') {
    const verb = operation === 'heartbeat' ? 'extended' : 'ended';
    throw conflict(record, operation, ['running'], `only a running attempt can be ${verb}, and this one ended or never started`);
  }
  if (owner !== undefined && record.leaseOwner !== owner) {
    const detail = `it is leased by ${record.leaseOwner}, not ${owner}: only the lease owner may ${operation} it (the lease may have expired and been taken over)`;
    throw conflict(record, operation, ['running'], detail);
  }
}

function written(record: LedgerRecord, now: Date, changes: Partial<LedgerRecord>): LedgerRecord {
  return { ...record, ...changes, version: record.version + 1, updatedAt: now.toISOString() };
}

export function conflict(record: LedgerRecord, operation: LedgerOperation, expected: readonly LedgerStatus[], detail: string): LedgerConflictError {
  return new LedgerConflictError(record.recordId, operation, expected, record.status, detail);
}
