// A change confined to one month: the simulator's edits of reviews (new scores), applied to live reviews
// of the busiest (review_year, review_month) of silver.review, so that every change stays in its month.
import type { DuckDBConnection } from '@duckdb/node-api';
import { ChangeSimulator, type DmsDataRecord } from '@datamaster/cdc';
import { getTable, quoteIdentifier, type LakeTable } from '@datamaster/lake-manifest';
import { createTableView, type LakehouseContext } from '@datamaster/lakehouse';
import { SEED_TABLES } from '@datamaster/seed-data';
import { openBenchLake, readState, writeState } from './bench-lake.js';
import { bronzeStep, type BronzeStep } from './bronze-steps.js';
import { deliverToBronze } from './deliver.js';
import { measured, progress } from './measure.js';

export const MONTH_CHANGES = 1000;

/** Review updates only: the simulator's edit of a review redraws its scores. */
const REVIEW_EDITS = { operations: { insert: 0, update: 1, delete: 0 }, tables: Object.fromEntries(SEED_TABLES.map((t) => [t, t === 'review' ? 1 : 0])) };

type SourceRow = Record<string, string | number | null>;

export interface MonthStep extends BronzeStep {
  readonly year: number;
  readonly month: number;
}

/** A DMS value of a source column, as PostgreSQL logical replication would give it. */
function dmsValue(value: unknown, column: string): string | number | null {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new Error(`the bench cannot put the value of ${column} (${String(value)}) into a DMS record`);
}

/** Up to `limit` live rows of the month with the most live reviews, as source rows. */
async function busiestMonthRows(connection: DuckDBConnection, ctx: LakehouseContext, limit: number): Promise<{ year: number; month: number; rows: SourceRow[] }> {
  const silver = ctx.lake.table('silver.review');
  const source: LakeTable = getTable(ctx.lake.manifest, 'source.review');
  await createTableView(connection, 'review', await ctx.lake.load(silver), silver);
  const [year, month] = silver.partitionBy.map((p) => quoteIdentifier(p.column)) as [string, string];
  const [busiest] = (await connection.runAndReadAll(`SELECT ${year} AS y, ${month} AS m FROM review WHERE deleted_at IS NULL GROUP BY ALL ORDER BY count(*) DESC, y, m LIMIT 1`)).getRowObjectsJS();
  if (busiest === undefined) throw new Error('silver.review has no live review: the earlier steps loaded nothing');
  const select = source.columns.map((c) => {
    const name = quoteIdentifier(c.name);
    return c.source?.encoding === 'unix-seconds' ? `epoch(${name})::BIGINT AS ${name}` : name;
  });
  const key = source.primaryKey.map(quoteIdentifier).join(', ');
  const result = await connection.runAndReadAll(
    `SELECT ${select.join(', ')} FROM review WHERE deleted_at IS NULL AND ${year} = ${Number(busiest['y'])} AND ${month} = ${Number(busiest['m'])} ORDER BY ${key} LIMIT ${limit}`,
  );
  const rows = result.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([column, value]) => [column, dmsValue(value, column)])));
  return { year: Number(busiest['y']), month: Number(busiest['m']), rows };
}

export async function monthStep(dir: string): Promise<MonthStep> {
  const state = await readState(dir);
  const since = new Date().toISOString();
  const lake = await openBenchLake(dir);
  try {
    const connection = await lake.ctx.session.connect();
    const { year, month, rows } = await busiestMonthRows(connection, lake.ctx, MONTH_CHANGES);
    const sinceMs = Math.max(Date.now(), state.lastChangeMs + 1000);
    const simulator = new ChangeSimulator({ seed: 11, scale: state.scale, startTime: sinceMs, rps: 1000 });
    const review = getTable(lake.ctx.lake.manifest, 'source.review');
    // The edit's new scores on the row as it is: key, references and review_time stay, so the month does.
    const scores = review.columns.filter((c) => c.type === 'double').map((c) => c.name);
    const records: DmsDataRecord[] = simulator.next(rows.length, REVIEW_EDITS).map((edit, i) => ({
      ...edit,
      data: { ...rows[i], ...Object.fromEntries(scores.map((s) => [s, edit.data[s]])) },
    }));
    const { usage, value: delivered } = await measured(() => deliverToBronze(lake.platform, [records]));
    progress(`one month: ${records.length} review updates in ${year}-${String(month).padStart(2, '0')}, ${delivered.rawObjects} raw object(s)`);
    const step = await bronzeStep(lake.platform.ledger, since, usage);
    await writeState(dir, { ...state, lastChangeMs: delivered.lastChangeMs, month: { year, month, changes: records.length, sinceMs } });
    return { ...step, changes: delivered.changes, year, month };
  } finally {
    await lake.close();
  }
}
