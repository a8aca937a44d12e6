// A job's share of the ledger: the due records of one (layer, table), claimed under one lease owner,
// then all succeeded together after the commit, or all failed with the job's error (and retried later).
import { type ControlLedger } from '@datamaster/control-ledger';
import { LedgerConflictError, type LedgerRecord, type RunOutcome } from '@datamaster/lake-contract';
import type { CatalogLayer } from '@datamaster/lake-manifest';

export interface ClaimWorkOptions {
  readonly layer: CatalogLayer;
  readonly table: string;
  readonly owner: string;
  readonly executionId: string;
  readonly computeTarget: string;
  readonly leaseMs: number;
  /** At most this many records per run (the rest wait for the next run). */
  readonly limit: number;
  readonly now?: Date;
}

async function dueRecords(ledger: ControlLedger, options: ClaimWorkOptions, now: Date): Promise<LedgerRecord[]> {
  const due: LedgerRecord[] = [];
  for (const status of ['pending', 'failed'] as const) {
    let cursor: string | undefined;
    do {
      const page = await ledger.list({ table: options.table, layer: options.layer, status, limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
      due.push(...page.records.filter((r) => r.status === 'pending' || (r.nextAttemptAt !== undefined && r.nextAttemptAt <= now.toISOString())));
      cursor = page.cursor;
    } while (cursor !== undefined && due.length < options.limit);
  }
  // Oldest first, so a capped run takes the changes in arrival order.
  return due.sort((a, b) => a.registeredAt.localeCompare(b.registeredAt)).slice(0, options.limit);
}

/** Claims what is due; records another runner claimed meanwhile are left to it. */
export async function claimDueWork(ledger: ControlLedger, options: ClaimWorkOptions): Promise<LedgerRecord[]> {
  const now = options.now ?? new Date();
  await ledger.recoverExpiredLeases(now);
  const claimed: LedgerRecord[] = [];
  for (const record of await dueRecords(ledger, options, now)) {
    try {
      claimed.push(
        await ledger.claim(record.recordId, { owner: options.owner, leaseMs: options.leaseMs, now, computeTarget: options.computeTarget, executionId: options.executionId }),
      );
    } catch (error) {
      if (!(error instanceof LedgerConflictError)) throw error;
    }
  }
  return claimed;
}

export async function succeedWork(ledger: ControlLedger, records: readonly LedgerRecord[], owner: string, outcome: (record: LedgerRecord) => RunOutcome): Promise<void> {
  for (const record of records) await ledger.succeed(record.recordId, owner, outcome(record));
}

export async function failWork(ledger: ControlLedger, records: readonly LedgerRecord[], owner: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  for (const record of records) await ledger.fail(record.recordId, owner, { message });
}
