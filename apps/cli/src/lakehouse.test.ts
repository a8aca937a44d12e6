import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopLedgerServer } from '@datamaster/local-platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LakeTables, appendFiles, currentDataFiles, localLocation, overwritePartitions, SqliteCatalog } from '@datamaster/iceberg';
import { openLakeHome } from '@datamaster/lake-home';
import { activeManifestVersion } from '@datamaster/lake-manifest';
import { independentGold } from './demo/independent-gold.js';
import { TABLE_ROWS } from './query-table.js';
import { CATALOG_NAME } from '@datamaster/lake-contract';
import { CLI_BUNDLE, runCapturing, type CliRun } from './testing/run-cli.js';

let cwd: string;
let demo: CliRun;
const cli = (...args: string[]) => runCapturing(['--home', 'home', ...args], { cwd });
const json = async <T>(...args: string[]): Promise<T> => {
  const run = await cli(...args);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as T;
};

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-lakehouse-'));
  demo = await cli('demo', '--scale', '0.02', '--stream-seconds', '1', '--wave', '800');
}, 300_000);
afterAll(async () => {
  await stopLedgerServer(join(cwd, 'home'));
  rmSync(cwd, { recursive: true, force: true });
});

describe('datamaster demo, process, query, tables', () => {
  it('runs the whole lake: silver, review_flat and gold twice (initial and the second wave), then the gold top-10s', () => {
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    for (const ref of ['silver.review', 'silver.review_flat', 'gold.top_beers_by_rating', 'gold.top_drinkers']) expect(demo.stdout.match(new RegExp(`✔ ${ref.replace('.', '\\.')} `, 'g'))).toHaveLength(2);
    expect(demo.stdout).toMatch(/8\. gold top-10s for \d{4}-\d{2}, the busiest month/);
    expect(demo.stdout).toContain('States by review volume');
  });

  it('computes gold exactly as an independent replay of the seed extracts and the raw CDC changes does', async () => {
    const expected = await independentGold(join(cwd, 'home', 'seed'), join(cwd, 'home', 'lake', 'raw'));
    const topBeers = await json<{ beer_id: number; review_year: number; review_month: number; total_reviews: number; avg_rating: number }[]>(
      'query', 'SELECT beer_id, review_year, review_month, total_reviews, avg_rating FROM gold.top_beers_by_rating', '--as', 'demo', '--format', 'json',
    );
    expect(topBeers.length).toBeGreaterThan(0);
    expect(new Map(topBeers.map((r) => [`${r.beer_id}|${r.review_year}|${r.review_month}`, [r.total_reviews, Number(r.avg_rating.toFixed(9))]]))).toEqual(
      new Map([...expected.topBeers].map(([k, [n, avg]]) => [k, [n, Number(avg.toFixed(9))]])),
    );
    const states = await json<{ state: string; review_year: number; review_month: number; total_reviews: number }[]>(
      'query', 'SELECT state, review_year, review_month, total_reviews FROM gold.state_by_review_volume', '--as', 'analyst', '--format', 'json',
    );
    expect(new Map(states.map((r) => [`${r.state}|${r.review_year}|${r.review_month}`, r.total_reviews]))).toEqual(expected.stateVolume);
  });

  it('refuses what a principal may not read, naming the table or column, with exit code 1', async () => {
    const silver = await cli('query', 'SELECT * FROM silver.review LIMIT 1', '--as', 'demo');
    expect(silver.code).toBe(1);
    expect(silver.stderr).toContain('principal "demo" has no grant on table silver.review');
    const pii = await cli('query', 'SELECT email FROM silver.profile', '--as', 'analyst');
    expect(pii.code).toBe(1);
    expect(pii.stderr).toContain('may not read column email of silver.profile');
    const csv = await cli('query', 'SELECT profile_id, state FROM silver.profile ORDER BY profile_id LIMIT 2', '--as', 'analyst', '--format', 'csv');
    expect(csv.stdout.split('\n')[0]).toBe('profile_id,state');
  });

  it('shows a large result as its first rows, then how many more there are and how to get them all', async () => {
    const [counted] = await json<{ n: number; first: number }[]>('query', 'SELECT count(*) AS n, min(review_id) AS first FROM silver.review', '--as', 'data-engineer', '--format', 'json');
    const total = counted?.n ?? 0;
    expect(total).toBeGreaterThan(TABLE_ROWS);
    const table = await cli('query', 'SELECT review_id, review_year FROM silver.review ORDER BY review_id', '--as', 'data-engineer');
    expect(table.stderr).toBe('');
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2 + TABLE_ROWS + 1);
    expect(lines[0]).toMatch(/^review_id +review_year$/);
    expect(lines[2]?.split(/ +/)[0]).toBe(String(counted?.first));
    expect(lines.at(-1)).toBe(`… ${(total - TABLE_ROWS).toLocaleString('en-US')} more rows (${total.toLocaleString('en-US')} in all): --format csv or --format json prints every row; a LIMIT narrows the query`);
  });

  it('writes every row of a many-row result as CSV lines and as one JSON array', async () => {
    const [counted] = await json<{ n: number }[]>('query', 'SELECT count(*) AS n FROM silver.review', '--as', 'data-engineer', '--format', 'json');
    const ends = async (order: string) => (await json<Record<string, unknown>[]>('query', `SELECT * FROM silver.review ORDER BY review_id ${order} LIMIT 1`, '--as', 'data-engineer', '--format', 'json'))[0] ?? {};
    const [first, last] = [await ends('ASC'), await ends('DESC')];
    const sql = 'SELECT * FROM silver.review ORDER BY review_id';

    const rows = await json<Record<string, unknown>[]>('query', sql, '--as', 'data-engineer', '--format', 'json');
    expect(rows).toHaveLength(counted?.n ?? -1);
    expect([rows[0], rows.at(-1)]).toEqual([first, last]);

    const csv = await cli('query', sql, '--as', 'data-engineer', '--format', 'csv');
    const lines = csv.stdout.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength((counted?.n ?? 0) + 2);
    expect(lines[0]).toBe(Object.keys(first).join(','));
    // silver.review holds numbers and timestamps only: no field is quoted, a NULL is an empty field.
    const fields = (row: Record<string, unknown>) => Object.values(row).map((v) => (v === null ? '' : String(v)));
    const parsed = (line: string | undefined) => (line ?? '').split(',').map((f) => (f !== '' && !Number.isNaN(Number(f)) ? String(Number(f)) : f));
    expect([parsed(lines[1]), parsed(lines.at(-2))]).toEqual([fields(first), fields(last)]);
  });

  it('ends quietly, exit code 0, when the reader of its output stops early (`| head`)', async () => {
    // The built CLI as a shell runs it: its stdout is a pipe that the reader closes after the first chunk.
    const child = spawn(process.execPath, [CLI_BUNDLE, '--home', 'home', 'query', 'SELECT * FROM silver.review', '--as', 'data-engineer', '--format', 'csv'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code] = (await once(child, 'close')) as [number | null];
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('lists every table with its snapshot, rows and freshness; a second process run has nothing to do', async () => {
    const tables = await json<{ ref: string; rows: number; snapshot?: { id: number }; freshness: string; waiting: number }[]>('tables', '--json');
    const review = tables.find((t) => t.ref === 'silver.review');
    expect(review?.rows).toBeGreaterThan(20_000);
    expect(review?.freshness).toBe('fresh');
    expect(tables.filter((t) => t.ref.startsWith('gold.')).every((t) => t.snapshot !== undefined && t.waiting === 0)).toBe(true);
    const again = await json<{ results: { status: string }[]; failures: unknown[] }>('process', 'all', '--json');
    expect(again.failures).toEqual([]);
    expect(again.results.every((r) => r.status === 'nothing-to-do')).toBe(true);
    const maintained = await json<{ ref: string; orphansDeleted: number }[]>('maintain', '--dry-run', '--json');
    expect(maintained.map((m) => m.ref)).toContain('gold.top_beers_by_rating');
    const unknown = await cli('process', 'gold', '--tables', 'top_beers');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('gold.top_beers_by_rating');
  });

  it('says how to set up the Spark engine when --engine spark finds no spark/.venv (spark/tests run it for real)', async () => {
    const sparkDir = join(cwd, 'no-spark');
    const run = await runCapturing(['--home', 'home', 'process', 'all', '--engine', 'spark'], { cwd, env: { DATAMASTER_SPARK_DIR: sparkDir } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The Spark engine is not set up (${join(sparkDir, '.venv', 'bin', 'python')} is missing): run \`npx nx run spark:setup\``);
  });

  it('carries snapshot ids beyond 2^53, as Spark commits them, exactly through tables and query --snapshot', async () => {
    // Iceberg Java draws snapshot ids from 63 random bits: two such commits, the second with the largest long.
    const [javaId, maxId] = ['4806763671727586483', '9223372036854775807'];
    const home = openLakeHome(join(cwd, 'home'));
    const catalog = new SqliteCatalog({ path: home.catalogPath, warehouse: localLocation(home.warehouseDir), name: CATALOG_NAME });
    let emptiedRows = 0;
    try {
      const lake = new LakeTables(catalog, activeManifestVersion(), localLocation(home.warehouseDir));
      let table = await lake.load(lake.table('gold.top_drinkers'));
      table = await catalog.commitTable(table, await appendFiles(table, [], { snapshotId: javaId }));
      // The second empties one partition, so that reading at the first is told apart from reading the current one.
      const files = await currentDataFiles(table);
      const emptied = files[0]?.partition;
      if (emptied === undefined) throw new Error('gold.top_drinkers is empty after the demo');
      emptiedRows = files.filter((f) => JSON.stringify(f.partition) === JSON.stringify(emptied)).reduce((n, f) => n + f.recordCount, 0);
      await catalog.commitTable(table, await overwritePartitions(table, [emptied], [], { snapshotId: maxId }));
    } finally {
      catalog.close();
    }

    const statuses = await json<{ ref: string; snapshot?: { id: string } }[]>('tables', '--json');
    expect(statuses.find((t) => t.ref === 'gold.top_drinkers')?.snapshot?.id).toBe(maxId);
    expect((await cli('tables')).stdout).toMatch(new RegExp(`gold\\.top_drinkers +${maxId} `));
    const count = async (...snapshot: string[]) => (await json<{ n: number }[]>('query', 'SELECT count(*) AS n FROM gold.top_drinkers', '--as', 'demo', '--format', 'json', ...snapshot))[0]?.n;
    const current = await count();
    expect(emptiedRows).toBeGreaterThan(0);
    expect(await count('--snapshot', javaId)).toBe((current ?? 0) + emptiedRows);
    expect(await count('--snapshot', maxId)).toBe(current);
    const maintained = await json<{ ref: string }[]>('maintain', '--dry-run', '--json');
    expect(maintained.map((m) => m.ref)).toContain('gold.top_drinkers');
  });
});
