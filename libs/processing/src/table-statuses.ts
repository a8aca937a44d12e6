// Every lake table's status, as `datamaster tables` prints it: the ledger's records and the catalog's
// current snapshot of each table, given to the contract's pure tableStatus().
import type { ControlLedger } from '@datamaster/control-ledger';
import { currentSnapshotFacts, type LakeTables } from '@datamaster/iceberg';
import { tableStatus, type TableStatus } from '@datamaster/lake-contract';
import type { CatalogLayer } from '@datamaster/lake-manifest';

export async function tableStatuses(lake: LakeTables, ledger: ControlLedger, now = new Date()): Promise<TableStatus[]> {
  const statuses: TableStatus[] = [];
  for (const table of lake.manifest.tables.filter((t) => t.layer === 'bronze' || lake.tables.includes(t))) {
    const snapshot = table.layer === 'bronze' ? undefined : currentSnapshotFacts((await lake.load(table)).metadata);
    statuses.push(tableStatus(table, await ledger.listAll({ table: table.name, layer: table.layer as CatalogLayer }), snapshot, now));
  }
  return statuses;
}
