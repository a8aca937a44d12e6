// Every lake table's status, as `datamaster tables` prints it: the ledger's records and the catalog's
// current snapshot of each table, given to the contract's pure tableStatus().
import type { ControlLedger } from '@datamaster/control-ledger';
import type { LakeTables } from '@datamaster/iceberg';
import { tableStatus, type LedgerRecord, type SnapshotFacts, type TableStatus } from '@datamaster/lake-contract';
import type { CatalogLayer, LakeTable } from '@datamaster/lake-manifest';

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

async function currentSnapshot(lake: LakeTables, table: LakeTable): Promise<SnapshotFacts | undefined> {
  const { metadata } = await lake.load(table);
  const current = metadata.snapshots.find((s) => s['snapshot-id'] === metadata['current-snapshot-id']);
  return current === undefined ? undefined : { id: current['snapshot-id'], timestampMs: current['timestamp-ms'], summary: current.summary };
}

export async function tableStatuses(lake: LakeTables, ledger: ControlLedger, now = new Date()): Promise<TableStatus[]> {
  const statuses: TableStatus[] = [];
  for (const table of lake.manifest.tables.filter((t) => t.layer === 'bronze' || lake.tables.includes(t))) {
    const snapshot = table.layer === 'bronze' ? undefined : await currentSnapshot(lake, table);
    statuses.push(tableStatus(table, await ledgerRecords(ledger, table), snapshot, now));
  }
  return statuses;
}
