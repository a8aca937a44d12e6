// Every lake table's state, as `datamaster tables` prints it and the portal will show it: current
// snapshot, size, the last ledger run and freshness against the manifest's objective.
import type { ControlLedger } from '@datamaster/control-ledger';
import type { LedgerRecord } from '@datamaster/lake-contract';
import type { SnapshotId } from '@datamaster/iceberg';
import { durationMs, type CatalogLayer, type LakeTable } from '@datamaster/lake-manifest';
import type { LakeTables } from '../engine/lake-tables.js';

export type Freshness = 'fresh' | 'stale' | 'never-loaded';

export interface TableStatus {
  readonly ref: string;
  readonly layer: string;
  readonly snapshot?: { readonly id: SnapshotId; readonly at: string };
  readonly rows: number;
  readonly dataFiles: number;
  readonly bytes: number;
  readonly lastRun?: { readonly status: string; readonly at: string; readonly executionId?: string; readonly error?: string };
  /** Pending or failed ledger work waiting for the table. */
  readonly waiting: number;
  /** The manifest's freshness objective (ISO-8601 duration). */
  readonly objective?: string;
  readonly freshness: Freshness;
}

async function ledgerRecords(ledger: ControlLedger, table: LakeTable): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.list({ table: table.name, layer: table.layer as CatalogLayer, limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    records.push(...page.records);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return records;
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

function freshnessOf(objective: string | undefined, at: string | undefined, now: Date): Freshness {
  if (at === undefined) return 'never-loaded';
  if (objective === undefined) return 'fresh';
  return now.getTime() - Date.parse(at) <= durationMs(objective) ? 'fresh' : 'stale';
}

export async function tableStatuses(lake: LakeTables, ledger: ControlLedger, now = new Date()): Promise<TableStatus[]> {
  const statuses: TableStatus[] = [];
  for (const table of lake.manifest.tables.filter((t) => t.layer === 'bronze' || lake.tables.includes(t))) {
    const records = await ledgerRecords(ledger, table);
    const waiting = records.filter((r) => r.status === 'pending' || r.status === 'failed').length;
    const lastRun = lastRunOf(records);
    const common = { ref: table.ref, layer: table.layer, waiting, ...(lastRun === undefined ? {} : { lastRun }), ...(table.freshness === undefined ? {} : { objective: table.freshness }) };
    if (table.layer === 'bronze') {
      // Bronze is plain Parquet objects; the ledger knows each one's rows and size.
      const done = records.filter((r) => r.status === 'succeeded');
      const lastDone = done.map((r) => r.finishedAt ?? r.updatedAt).sort().at(-1);
      statuses.push({
        ...common,
        rows: done.reduce((n, r) => n + (r.rowsOut ?? 0), 0),
        dataFiles: done.length,
        bytes: done.reduce((n, r) => n + (r.bytesOut ?? 0), 0),
        freshness: freshnessOf(table.freshness, lastDone, now),
      });
      continue;
    }
    const { metadata } = await lake.load(table);
    const current = metadata.snapshots.find((s) => s['snapshot-id'] === metadata['current-snapshot-id']);
    const summary: Readonly<Record<string, string | undefined>> = current?.summary ?? {};
    const at = current === undefined ? undefined : new Date(current['timestamp-ms']).toISOString();
    statuses.push({
      ...common,
      ...(current === undefined || at === undefined ? {} : { snapshot: { id: current['snapshot-id'], at } }),
      rows: Number(summary['total-records'] ?? 0),
      dataFiles: Number(summary['total-data-files'] ?? 0),
      bytes: Number(summary['total-files-size'] ?? 0),
      freshness: freshnessOf(table.freshness, at, now),
    });
  }
  return statuses;
}
