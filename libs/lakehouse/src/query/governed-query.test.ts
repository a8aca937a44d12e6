import { join } from 'node:path';
import { startEmbeddedDynamo, type EmbeddedServer } from '@datamaster/embedded-services';
import { appendFiles, type SnapshotId } from '@datamaster/iceberg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeFixture, type Change, type LakeFixture } from '../testing/lake-fixture.js';
import { governedQuery, withGovernedQuery } from './governed-query.js';
import { ColumnAccessDeniedError, QueryRefusedError, TableAccessDeniedError, UnknownPrincipalError } from './query-errors.js';

let server: EmbeddedServer;
let lake: LakeFixture;
let firstProfileSnapshot: SnapshotId;

const T0 = '2024-01-01T00:00:00Z';
const load = (seq: number, values: Record<string, string | number | null>): Change => ({ op: 'load', change_ts: T0, change_seq: seq, ...values });

beforeAll(async () => {
  server = await startEmbeddedDynamo();
  lake = await lakeFixture(server);
  await lake.writeBronze('profile', 'load', [load(1, { profile_id: 100, profile_name: 'tok-name-100', email: 'tok-mail-100', state: 'CA' })]);
  await lake.writeBronze('review', 'load', [load(1, { review_id: 1, brewery_id: 1, beer_id: 10, profile_id: 100, review_overall: 4.5, review_time: '2010-01-05T00:00:00Z' })]);
  for (const ref of ['silver.profile', 'silver.review', 'silver.review_flat', 'gold.top_drinkers']) await lake.run(ref);
  firstProfileSnapshot = (await lake.ctx.lake.load(lake.ctx.lake.table('silver.profile'))).metadata['current-snapshot-id'] as SnapshotId;
  await lake.writeBronze('profile', 'move', [{ ...load(2, { profile_id: 100, profile_name: 'tok-name-100', email: 'tok-mail-100', state: 'NY' }), op: 'update', change_ts: '2024-02-01T00:00:00Z' }]);
  await lake.run('silver.profile');
});
afterAll(async () => {
  await lake.dispose();
  await server.stop();
});

const query = (principal: string, sql: string, snapshotId?: SnapshotId) =>
  governedQuery({ lake: lake.ctx.lake, store: lake.ctx.store }, { principal, sql, ...(snapshotId === undefined ? {} : { snapshotId }) });

describe('governed queries', () => {
  it('lets demo read gold without PII, and refuses silver naming the table', async () => {
    const result = await query('demo', 'SELECT profile_id, total_reviews, avg_rating, review_year, review_month FROM gold.top_drinkers');
    expect(result.rows).toEqual([{ profile_id: 100, total_reviews: 1, avg_rating: 4.5, review_year: 2010, review_month: 1 }]);
    const refused = query('demo', 'SELECT * FROM silver.review');
    await expect(refused).rejects.toThrow(TableAccessDeniedError);
    await expect(query('demo', 'SELECT * FROM silver.review')).rejects.toThrow(/principal "demo" has no grant on table silver\.review/);
  });

  it('refuses a PII column for analyst, naming table and column, and leaves PII out of SELECT *', async () => {
    await expect(query('analyst', 'SELECT p.email FROM silver.profile p')).rejects.toThrow(ColumnAccessDeniedError);
    await expect(query('analyst', "SELECT count(*) FROM gold.top_drinkers WHERE profile_name = 'x'")).rejects.toThrow(/column profile_name of gold\.top_drinkers/);
    const star = await query('analyst', 'SELECT * FROM silver.profile');
    expect(star.columns.map((c) => c.name)).toEqual(['profile_id', 'state', 'created_at', 'updated_at', 'deleted_at']);
    expect(JSON.stringify(star.rows)).not.toContain('tok-');
    const exported = await withGovernedQuery({ lake: lake.ctx.lake, store: lake.ctx.store }, { principal: 'analyst', sql: 'SELECT * FROM silver.profile' }, async (result) => {
      const lines: string[] = [];
      for await (const batch of result.lines('json')) lines.push(...batch.map((line) => Buffer.from(line).toString('utf8')));
      return lines;
    });
    expect(exported.map((line) => Object.keys(JSON.parse(line) as object))).toEqual([['profile_id', 'state', 'created_at', 'updated_at', 'deleted_at']]);
  });

  it('runs in a DuckDB of its own within the memory budget it is given', async () => {
    const sql = "SELECT current_setting('memory_limit') AS budget, current_setting('temp_directory') AS spill, count(*) AS n FROM silver.profile";
    const spillDir = join(lake.dir, 'query-spill');
    const budgeted = await governedQuery({ lake: lake.ctx.lake, store: lake.ctx.store, engine: { memoryLimitBytes: 300 * 2 ** 20, spillDir } }, { principal: 'data-engineer', sql });
    expect(budgeted.rows).toEqual([{ budget: '300.0 MiB', spill: spillDir, n: 1 }]);
  });

  it('gives data-engineer everything, bronze included, with timestamps as ISO strings', async () => {
    const silver = await query('data-engineer', 'SELECT email, updated_at FROM silver.profile');
    expect(silver.rows).toEqual([{ email: 'tok-mail-100', updated_at: '2024-02-01T00:00:00.000Z' }]);
    const bronze = await query('data-engineer', 'SELECT op, count(*) AS n FROM bronze.profile GROUP BY op ORDER BY op');
    expect(bronze.rows).toEqual([
      { op: 'load', n: 1 },
      { op: 'update', n: 1 },
    ]);
  });

  it('reads a chosen snapshot (time travel) of the table that has it', async () => {
    const then = await query('analyst', 'SELECT state FROM silver.profile', firstProfileSnapshot);
    const now = await query('analyst', 'SELECT state FROM silver.profile');
    expect([then.rows, now.rows]).toEqual([[{ state: 'CA' }], [{ state: 'NY' }]]);
    await expect(query('analyst', 'SELECT state FROM silver.profile', '12345')).rejects.toThrow(/no table of the query has snapshot 12345/);
  });

  it('refuses what is not a SELECT over lake tables: files, unqualified names, writes, unknown principals', async () => {
    await expect(query('data-engineer', "SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/read_csv\(\) reads files directly/);
    await expect(query('data-engineer', "SELECT * FROM '/etc/hostname'")).rejects.toThrow(QueryRefusedError);
    await expect(query('analyst', 'SELECT * FROM top_drinkers')).rejects.toThrow(/address tables as <layer>\.<table>/);
    await expect(query('data-engineer', 'DELETE FROM silver.profile')).rejects.toThrow(/only SELECT queries/);
    await expect(query('analyst', 'SELECT state FROM silver.profile; SELECT 1')).rejects.toThrow(/a query is one SELECT statement; this one holds 2/);
    await expect(query('intern', 'SELECT 1')).rejects.toThrow(UnknownPrincipalError);
    const cte = await query('analyst', 'WITH p AS (SELECT state FROM silver.profile) SELECT count(*) AS n FROM p');
    expect(cte.rows).toEqual([{ n: 1 }]);
  });

  it('reads a snapshot whose id is beyond 2^53, as Spark writes them, and builds the next snapshot on it', async () => {
    const SPARK_ID = '9223372036854775807';
    const profile = lake.ctx.lake.table('silver.profile');
    const table = await lake.ctx.lake.load(profile);
    // Iceberg Java draws ids from 63 random bits; here a commit of the same rows under the largest one.
    await lake.ctx.lake.catalog.commitTable(table, await appendFiles(table, [], { snapshotId: SPARK_ID }));
    await lake.writeBronze('profile', 'move-again', [{ ...load(3, { profile_id: 100, profile_name: 'tok-name-100', email: 'tok-mail-100', state: 'TX' }), op: 'update', change_ts: '2024-03-01T00:00:00Z' }]);
    const merged = await lake.run('silver.profile');

    const snapshots = (await lake.ctx.lake.load(profile)).metadata.snapshots;
    expect(snapshots.find((s) => s['snapshot-id'] === merged.snapshotId)?.['parent-snapshot-id']).toBe(SPARK_ID);
    const then = await query('analyst', 'SELECT state FROM silver.profile', SPARK_ID);
    const now = await query('analyst', 'SELECT state FROM silver.profile');
    expect([then.rows, now.rows]).toEqual([[{ state: 'NY' }], [{ state: 'TX' }]]);
    // The id JSON.parse would have made of it names no snapshot.
    const rounded = String(Number(SPARK_ID));
    await expect(query('analyst', 'SELECT state FROM silver.profile', rounded)).rejects.toThrow(`no table of the query has snapshot ${rounded}`);
  });
});
