// What must hold after a processing step, read back from the tables with DuckDB: silver holds every key
// delivered (deletes soft), review_flat every live review, gold every month with data and no other, the
// ledger nothing left waiting; after the one-month change, only that month was touched.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogLayer } from '@datamaster/lake-manifest';
import { quoteIdentifier } from '@datamaster/lake-manifest';
import { createTableView } from '@datamaster/lakehouse';
import type { LocalLakehouse } from '@datamaster/local-platform/lakehouse';
import type { ProcessingRun } from '@datamaster/processing';
import type { BenchState } from './bench-lake.js';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

type Row = Record<string, unknown>;

async function rows(connection: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS();
}

const n = (value: unknown): number => Number(value ?? 0);

/** review_flat's months (its partitions) with their live reviews, keyed "year-month". */
async function monthCounts(connection: DuckDBConnection, view: string, measure: string): Promise<Map<string, number>> {
  const counted = await rows(connection, `SELECT review_year AS y, review_month AS m, ${measure} AS n FROM ${quoteIdentifier(view)} GROUP BY ALL`);
  return new Map(counted.map((r) => [`${n(r['y'])}-${n(r['m'])}`, n(r['n'])]));
}

export async function checkLake(ctx: LocalLakehouse, state: BenchState, run: ProcessingRun): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => void checks.push({ name, ok, detail });
  const connection = await ctx.session.connect();
  const view = async (ref: string) => {
    const table = ctx.lake.table(ref);
    await createTableView(connection, table.name, await ctx.lake.load(table), table);
    return table;
  };

  check('every job succeeded', run.failures.length === 0, run.failures.map((f) => `${f.ref}: ${f.error}`).join('; ') || `${run.results.length} jobs`);

  for (const table of ctx.lake.tables.filter((t) => t.layer === 'silver' && t.source !== undefined)) {
    await view(table.ref);
    const [got] = await rows(connection, `SELECT count(*) AS n, count(deleted_at) AS d FROM ${quoteIdentifier(table.name)}`);
    const [total, deleted] = [n(got?.['n']), n(got?.['d'])];
    const [wantTotal, wantDeleted] = [state.rows[table.name] ?? 0, state.deleted[table.name] ?? 0];
    check(`${table.ref}: one row per key (live + deleted)`, total === wantTotal && deleted === wantDeleted, `${total} rows, ${deleted} deleted; expected ${wantTotal}, ${wantDeleted} deleted`);
  }

  await view('silver.review_flat');
  const [live] = await rows(connection, 'SELECT count(*) AS n FROM review WHERE deleted_at IS NULL');
  const flatMonths = await monthCounts(connection, 'review_flat', 'count(*)');
  const flatRows = [...flatMonths.values()].reduce((a, b) => a + b, 0);
  check('silver.review_flat: one row per live review', flatRows === n(live?.['n']), `${flatRows} rows, ${n(live?.['n'])} live reviews`);

  for (const gold of ctx.lake.tables.filter((t) => t.layer === 'gold')) {
    await view(gold.ref);
    const months = await monthCounts(connection, gold.name, 'count(*)');
    const stale = [...months.keys()].filter((m) => !flatMonths.has(m));
    check(`${gold.ref}: no month without live reviews`, stale.length === 0, `rows in ${months.size} of ${flatMonths.size} months${stale.length > 0 ? `; stale: ${stale.join(', ')}` : ''}`);
  }
  // top_drinkers has no threshold: every live review of every month is counted in it once.
  const drinkers = await monthCounts(connection, 'top_drinkers', 'sum(total_reviews)');
  const wrong = [...flatMonths].filter(([month, count]) => drinkers.get(month) !== count).map(([month]) => month);
  check('gold.top_drinkers: every month with data, every live review counted', wrong.length === 0, wrong.length === 0 ? `${flatMonths.size} months` : `months off: ${wrong.slice(0, 5).join(', ')}`);

  let waiting = 0;
  for (const layer of ['silver', 'gold'] as CatalogLayer[]) {
    const counts = await ctx.processing.ledger.counts({ layer });
    waiting += counts.pending + counts.failed + counts.running;
  }
  check('ledger: no silver or gold work left', waiting === 0, `${waiting} record(s) pending, running or failed`);

  if (state.month !== undefined) {
    const { year, month, changes, sinceMs } = state.month;
    const committed = run.results.filter((r) => r.status === 'committed');
    const wide = committed.filter((r) => r.partitionsRewritten !== 1).map((r) => `${r.ref} (${r.partitionsRewritten})`);
    check('one month: every job that ran rewrote one partition', wide.length === 0 && committed.some((r) => r.ref === 'silver.review'), wide.join(', ') || `${committed.length} jobs`);
    const [updated] = await rows(
      connection,
      `SELECT count(*) AS n, count(*) FILTER (WHERE review_year = ${year} AND review_month = ${month}) AS in_month FROM review WHERE updated_at >= to_timestamp(${sinceMs / 1000})`,
    );
    check('one month: the changed reviews, all in their month', n(updated?.['n']) === changes && n(updated?.['in_month']) === changes, `${n(updated?.['n'])} updated, ${n(updated?.['in_month'])} in ${year}-${month}; expected ${changes}`);
  }
  return checks;
}
