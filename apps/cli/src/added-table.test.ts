// Adding a table is two files: a manifest file and, for a derived table, its transform SQL. A sixth gold table
// laid over a copy of the bundled manifest is created, processed and queried with nothing else changed
// (spark/tests/test_added_table.py runs the same folder on the Spark engine).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturing } from './testing/run-cli.js';

const BUNDLED = fileURLToPath(new URL('../../../libs/lake-manifest', import.meta.url));
const ADDED = fileURLToPath(new URL('./testing/added-table', import.meta.url));
const ADDED_TABLE = 'gold.top_breweries_by_state';

let cwd: string;
let manifest: string;
const cli = (...args: string[]) => runCapturing(['--home', 'home', '--manifest', manifest, ...args], { cwd });
const rows = async (sql: string, principal: string) => {
  const run = await cli('query', sql, '--as', principal, '--format', 'json');
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Record<string, number | string>[];
};

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-added-table-'));
  manifest = join(cwd, 'manifest');
  for (const folder of ['tables', 'transforms']) cpSync(join(BUNDLED, folder), join(manifest, folder), { recursive: true });
  cpSync(ADDED, manifest, { recursive: true, filter: (source) => !source.endsWith('README.md') });
  expect((await cli('init')).code).toBe(0);
  expect((await cli('seed', '--out', 'seed', '--scale', '0.003')).code).toBe(0);
  for (const table of ['brewery', 'beer', 'profile', 'review']) expect((await cli('ingest', join('seed', `${table}.csv.gz`), '--table', table)).code).toBe(0);
}, 180_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('a table added by its two files', () => {
  it('is validated, created, processed and queried under its grants', async () => {
    const shown = await cli('manifest', 'show', ADDED_TABLE);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('breweries_reviewed');
    const run = await cli('process', 'all');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`✔ ${ADDED_TABLE.replace('.', '\\.')} `));
    const added = await rows(`SELECT state, review_year, review_month, breweries_reviewed, total_reviews FROM ${ADDED_TABLE}`, 'analyst');
    const expected = await rows(
      'SELECT state, review_year, review_month, count(DISTINCT brewery_id) AS breweries_reviewed, count(*) AS total_reviews FROM silver.review_flat WHERE state IS NOT NULL GROUP BY ALL',
      'data-engineer',
    );
    expect(added.length).toBeGreaterThan(0);
    const key = (r: Record<string, number | string>) => `${r['state']}|${r['review_year']}|${r['review_month']}|${r['breweries_reviewed']}|${r['total_reviews']}`;
    expect(added.map(key).sort()).toEqual(expected.map(key).sort());
  }, 180_000);

  it('exists only in the manifest that declares it', async () => {
    const bundled = await runCapturing(['--home', 'home', 'query', `SELECT * FROM ${ADDED_TABLE}`, '--as', 'analyst'], { cwd });
    expect(bundled.code).not.toBe(0);
    expect(bundled.stderr).toContain(ADDED_TABLE);
  });
});
