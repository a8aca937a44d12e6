// The read side of the ledger, on its two indexes: what `datamaster status`, dashboards and runtimes ask.
import { CATALOG_LAYERS, type CatalogLayer } from '@datamaster/lake-manifest';
import { DEFAULT_PAGE_SIZE } from './input.js';
import { BY_LAYER_STATUS, BY_TABLE_STATUS, dueAt, layerStatusKey, statusPrefix } from '@datamaster/lake-contract';
import {
  LEDGER_STATUSES,
  type LedgerCounts,
  type LedgerPage,
  type LedgerRecord,
  type LedgerStatus,
  type ListByLayerOptions,
  type ListOptions,
} from '@datamaster/lake-contract';
import { queryCount, queryPage, type IndexQuery, type LedgerTarget } from './query.js';

/** A table's records, newest registration first within a status; all statuses come grouped by status. */
export function tableQuery(table: string, status?: LedgerStatus, layer?: CatalogLayer): IndexQuery {
  return {
    index: BY_TABLE_STATUS,
    hash: table,
    range: status === undefined ? undefined : { op: 'begins_with', value: statusPrefix(status) },
    filter: layer === undefined ? undefined : { field: 'layer', value: layer },
    newestFirst: true,
  };
}

/** A layer's records in one status; with `dueBy`, only those whose dueAt has come, oldest first. */
export function layerQuery(layer: CatalogLayer, status: LedgerStatus, dueBy?: Date): IndexQuery {
  return {
    index: BY_LAYER_STATUS,
    hash: layerStatusKey(layer, status),
    range: dueBy === undefined ? undefined : { op: '<=', value: dueBy.toISOString() },
    newestFirst: dueBy === undefined,
  };
}

export function listRecords(target: LedgerTarget, options: ListOptions): Promise<LedgerPage> {
  const query = tableQuery(options.table, options.status, options.layer);
  return queryPage(target, query, options.limit ?? DEFAULT_PAGE_SIZE, options.cursor);
}

export function listRecordsByLayer(target: LedgerTarget, options: ListByLayerOptions): Promise<LedgerPage> {
  return queryPage(target, layerQuery(options.layer, options.status), options.limit ?? DEFAULT_PAGE_SIZE, options.cursor);
}

/** Records ready to run: pending, or failed with their next attempt due; the longest waiting first. */
export async function listDueRecords(target: LedgerTarget, layer: CatalogLayer, now: Date, limit = DEFAULT_PAGE_SIZE): Promise<LedgerRecord[]> {
  const pages = await Promise.all(
    (['pending', 'failed'] as const).map((status) => queryPage(target, layerQuery(layer, status, now), limit)),
  );
  return pages
    .flatMap((page) => page.records)
    .sort((a, b) => (dueAt(a) < dueAt(b) ? -1 : dueAt(a) > dueAt(b) ? 1 : 0))
    .slice(0, limit);
}

/** How many records are in each status, in one layer or in all. */
export async function countRecords(target: LedgerTarget, layer?: CatalogLayer): Promise<LedgerCounts> {
  const layers = layer === undefined ? CATALOG_LAYERS : [layer];
  const entries = await Promise.all(
    LEDGER_STATUSES.map(async (status) => {
      const counts = await Promise.all(layers.map((l) => queryCount(target, layerQuery(l, status))));
      return [status, counts.reduce((sum, n) => sum + n, 0)] as const;
    }),
  );
  return Object.fromEntries(entries) as LedgerCounts;
}
