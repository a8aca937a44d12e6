// A column added to a source table in the manifest, on a lake that already holds data: the next run evolves
// silver.beer (a new schema with the column's field id), old rows read null, rows of an extract that carries
// the column get its values, and the tables built from silver.beer stay as they were.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturing } from './testing/run-cli.js';

const BUNDLED = fileURLToPath(new URL('../../../libs/lake-manifest', import.meta.url));
const ADDED = fileURLToPath(new URL('./testing/added-column', import.meta.url));
/** The beers the new extract carries, with beer_ibu = 10 + beer_id. */
const CARRIED = 12;

let cwd: string;
let manifest: string;
const cli = (...args: string[]) => runCapturing(['--home', 'home', '--manifest', manifest, ...args], { cwd });
const rows = async (sql: string, run = cli) => {
  const result = await run('query', sql, '--as', 'data-engineer', '--format', 'json');
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, number | string | null>[];
};
const GOLD = 'SELECT * FROM gold.top_beers_by_rating ORDER BY ALL';
const FLAT = 'SELECT count(*) AS n, sum(beer_id) AS beers, count(DISTINCT beer_style) AS styles FROM silver.review_flat';
let goldBefore: Record<string, unknown>[];
let flatBefore: Record<string, unknown>[];

/** The seed's beer extract, its first CARRIED beers with a beer_ibu column. */
function extractWithIbu(): string {
  const [header, ...lines] = gunzipSync(readFileSync(join(cwd, 'seed', 'beer.csv.gz'))).toString('utf8').trim().split('\n');
  const carried = lines.slice(0, CARRIED).map((line) => `${line},${10 + Number(line.split(',')[0])}`);
  const path = join(cwd, 'beer-with-ibu.csv.gz');
  writeFileSync(path, gzipSync(`${header},beer_ibu\n${carried.join('\n')}\n`));
  return path;
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-added-column-'));
  manifest = join(cwd, 'manifest');
  for (const folder of ['tables', 'transforms']) cpSync(join(BUNDLED, folder), join(manifest, folder), { recursive: true });
  expect((await cli('init')).code).toBe(0);
  expect((await cli('seed', '--out', 'seed', '--scale', '0.003')).code).toBe(0);
  for (const table of ['brewery', 'beer', 'profile', 'review']) expect((await cli('ingest', join('seed', `${table}.csv.gz`), '--table', table)).code).toBe(0);
  expect((await cli('process', 'all')).stderr).toBe('');
  goldBefore = await rows(GOLD);
  flatBefore = await rows(FLAT);
  cpSync(ADDED, manifest, { recursive: true, filter: (source) => !source.endsWith('README.md') });
}, 240_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('a column added to the manifest of a lake with data', () => {
  it('reaches silver.beer from an extract that carries it, null for the rows written before', async () => {
    expect((await cli('ingest', extractWithIbu(), '--table', 'beer')).code).toBe(0);
    const run = await cli('process', 'all');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/✔ silver\.beer /);
    const [counts] = await rows('SELECT count(*) AS beers, count(beer_ibu) AS with_ibu, count(*) FILTER (WHERE beer_ibu <> 10 + beer_id) AS wrong FROM silver.beer');
    expect(counts).toEqual({ beers: expect.any(Number), with_ibu: CARRIED, wrong: 0 });
    expect(Number(counts?.['beers'])).toBeGreaterThan(CARRIED);
    expect(await rows('SELECT count(*) AS n FROM silver.beer')).toEqual([{ n: counts?.['beers'] }]);
  }, 180_000);

  it('leaves review_flat and gold as they were: the beers carried kept their other values', async () => {
    expect(await rows(FLAT)).toEqual(flatBefore);
    expect(await rows(GOLD)).toEqual(goldBefore);
  });

  it('keeps the column in the table when the manifest goes back to the bundled one', async () => {
    const bundled = (...args: string[]) => runCapturing(['--home', 'home', ...args], { cwd });
    const [count] = await rows('SELECT count(*) AS n FROM silver.beer', bundled);
    expect(Number(count?.['n'])).toBeGreaterThan(CARRIED);
    const refused = await bundled('query', 'SELECT beer_ibu FROM silver.beer', '--as', 'data-engineer');
    expect(refused.code).not.toBe(0);
  });
});
