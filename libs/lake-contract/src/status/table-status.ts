// A lake table's status as a pure function of what the ledger and the catalog know about it: current
// snapshot, size, the last run, work waiting, and freshness against the manifest's objective. The CLI's
// `tables`, the portal and the dashboards compute it the same way from the same inputs.
import { durationMs, type LakeTable } from '@datamaster/lake-manifest';
import type { LedgerRecord } from '../ledger/model.js';
import type { HeldWork } from '../processing/work.js';

export type Freshness = 'fresh' | 'stale' | 'never-loaded';

/** The current snapshot of an Iceberg table, as its metadata gives it. */
export interface SnapshotFacts {
  readonly id: string;
  readonly timestampMs: number;
  readonly summary: Readonly<Record<string, string | undefined>>;
}

export interface TableStatus {
  readonly ref: string;
  readonly layer: string;
  readonly snapshot?: { readonly id: string; readonly at: string };
  readonly rows: number;
  readonly dataFiles: number;
  readonly bytes: number;
  readonly lastRun?: { readonly status: string; readonly at: string; readonly executionId?: string; readonly error?: string };
  /** Ledger work not yet done: pending, failed (to be retried) and running under a lease. */
  readonly waiting: number;
  /** The part of `waiting` held under a run's lease: whose, and until when. */
  readonly held: readonly HeldWork[];
  /** The manifest's freshness objective (ISO-8601 duration). */
  readonly objective?: string;
  readonly freshness: Freshness;
}

function lastRunOf(records: readonly LedgerRecord[]): TableStatus['lastRun'] {
  const finished = records.filter((r) => r.finishedAt !== undefined || r.lastError !== undefined);
  const last = finished.reduce<LedgerRecord | undefined>((a, r) => (a === undefined || r.updatedAt > a.updatedAt ? r : a), undefined);
  if (last === undefined) return undefined;
  return {
    status: last.status,
    at: last.finishedAt ?? last.updatedAt,
    ...(last.executionId === undefined ? {} : { executionId: last.executionId }),
    ...(last.status === 'succeeded' || last.lastError === undefined ? {} : { error: last.lastError.message }),
  };
}

/** The running records grouped by lease owner. */
export function heldWork(records: readonly LedgerRecord[]): HeldWork[] {
  const byOwner = new Map<string, { until: string; records: number }>();
  for (const record of records) {
    if (record.status !== 'running' || record.leaseOwner === undefined) continue;
    const held = byOwner.get(record.leaseOwner) ?? { until: record.leaseExpiresAt ?? '', records: 0 };
    byOwner.set(record.leaseOwner, { until: (record.leaseExpiresAt ?? '') > held.until ? (record.leaseExpiresAt ?? '') : held.until, records: held.records + 1 });
  }
  return [...byOwner].map(([owner, held]) => ({ owner, ...held }));
}

function freshnessOf(objective: string | undefined, at: string | undefined, now: Date): Freshness {
  if (at === undefined) return 'never-loaded';
  if (objective === undefined) return 'fresh';
  return now.getTime() - Date.parse(at) <= durationMs(objective) ? 'fresh' : 'stale';
}

/**
 * The status of one table from its ledger records and, for an Iceberg table, its current snapshot (undefined:
 * never written). Bronze is plain Parquet objects: the ledger knows each one's rows and size.
 */
export function tableStatus(table: LakeTable, records: readonly LedgerRecord[], snapshot: SnapshotFacts | undefined, now: Date): TableStatus {
  const held = heldWork(records);
  const lastRun = lastRunOf(records);
  const common = {
    ref: table.ref,
    layer: table.layer,
    waiting: records.filter((r) => r.status === 'pending' || r.status === 'failed' || r.status === 'running').length,
    held,
    ...(lastRun === undefined ? {} : { lastRun }),
    ...(table.freshness === undefined ? {} : { objective: table.freshness }),
  };
  if (table.layer === 'bronze') {
    const done = records.filter((r) => r.status === 'succeeded');
    const lastDone = done.map((r) => r.finishedAt ?? r.updatedAt).sort().at(-1);
    return {
      ...common,
      rows: done.reduce((n, r) => n + (r.rowsOut ?? 0), 0),
      dataFiles: done.length,
      bytes: done.reduce((n, r) => n + (r.bytesOut ?? 0), 0),
      freshness: freshnessOf(table.freshness, lastDone, now),
    };
  }
  const at = snapshot === undefined ? undefined : new Date(snapshot.timestampMs).toISOString();
  const summary = snapshot?.summary ?? {};
  return {
    ...common,
    ...(snapshot === undefined || at === undefined ? {} : { snapshot: { id: snapshot.id, at } }),
    rows: Number(summary['total-records'] ?? 0),
    dataFiles: Number(summary['total-data-files'] ?? 0),
    bytes: Number(summary['total-files-size'] ?? 0),
    freshness: freshnessOf(table.freshness, at, now),
  };
}
