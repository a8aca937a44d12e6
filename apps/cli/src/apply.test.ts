// `datamaster plan` against the lake as deployed, and `datamaster apply`, on a lake that holds data: a changed
// gold transform is listed as a backfill until apply recomputes every partition with it; a column the manifest no
// longer declares is dropped by apply only; a breaking change is refused and changes nothing.
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManifestPlan } from '@datamaster/lake-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBundledManifest, ManifestCopyLake } from './testing/manifest-copy.js';
import { runCapturing } from './testing/run-cli.js';

const ADDED = fileURLToPath(new URL('./testing/added-column', import.meta.url));
const TOP_BEERS = join('transforms', 'gold', 'top_beers_by_rating.sql');

let lake: ManifestCopyLake;
let cwd: string;
/** A manifest folder per version: the bundled one, edited. */
const folder = (name: string) => join(cwd, name);
const cli = (manifest: string | undefined, ...args: string[]) => runCapturing(['--home', 'home', ...(manifest ? ['--manifest', folder(manifest)] : []), ...args], { cwd });
const rows = async (manifest: string | undefined, sql: string) => {
  const result = await cli(manifest, 'query', sql, '--as', 'data-engineer', '--format', 'json');
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, number | string | null>[];
};
const planOf = async (manifest: string | undefined) => {
  const run = await cli(manifest, 'plan', '--json');
  return { code: run.code, plan: JSON.parse(run.stdout) as ManifestPlan };
};
/** What gold.top_beers_by_rating must hold with a threshold of `minimum` reviews: computed from review_flat. */
const expectedTopBeers = (manifest: string | undefined, minimum: number) =>
  rows(
    manifest,
    `SELECT beer_id, review_year, review_month, count(*) AS total_reviews FROM silver.review_flat GROUP BY beer_id, beer_name, beer_style, review_year, review_month HAVING count(*) >= ${minimum} ORDER BY ALL`,
  );
const topBeers = (manifest: string | undefined) => rows(manifest, 'SELECT beer_id, review_year, review_month, total_reviews FROM gold.top_beers_by_rating ORDER BY ALL');
/** The metadata files of silver.beer: a commit of any change adds one. */
const beerMetadataFiles = () => readdirSync(join(cwd, 'home', 'lake', 'silver', 'beer', 'metadata')).filter((f) => f.endsWith('.metadata.json')).sort();

/** A copy of the bundled manifest, with `edit` applied to it. */
function manifestVersion(name: string, edit: (dir: string) => void): void {
  copyBundledManifest(folder(name));
  edit(folder(name));
}

beforeAll(async () => {
  lake = ManifestCopyLake.create('apply');
  cwd = lake.cwd;
  // v2: top_beers_by_rating with a threshold of 2 reviews instead of 25, and beer_ibu added to beer.
  manifestVersion('v2', (dir) => {
    const sql = join(dir, TOP_BEERS);
    writeFileSync(sql, readFileSync(sql, 'utf8').replace('HAVING count(*) >= 25', 'HAVING count(*) >= 2'));
    cpSync(join(ADDED, 'tables'), join(dir, 'tables'), { recursive: true });
  });
  // Breaking: beer.brewery_id narrowed from long to int.
  manifestVersion('narrowed', (dir) => {
    const beer = join(dir, 'tables', 'sources', 'beer.json');
    writeFileSync(beer, readFileSync(beer, 'utf8').replace('"name": "brewery_id", "type": "long"', '"name": "brewery_id", "type": "int"'));
  });
  await lake.fill();
  expect((await cli(undefined, 'process', 'all')).stderr).toBe('');
}, 240_000);
afterAll(() => lake?.remove());

describe('plan and apply against the lake as deployed', () => {
  it('finds nothing to change in a lake built with the manifest it runs', async () => {
    const run = await cli(undefined, 'plan');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`No changes against the lake at ${join(cwd, 'home')} (its catalog).`);
    expect(await topBeers(undefined)).toEqual(await expectedTopBeers(undefined, 25));
  });

  it('lists a changed transform as a backfill and a new nullable column as automatic, and exits 0', async () => {
    const { code, plan } = await planOf('v2');
    expect(code).toBe(0);
    expect(plan.breaking).toBe(false);
    expect(plan.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'gold.top_beers_by_rating', kind: 'transform', class: 'backfill' }),
        expect.objectContaining({ table: 'silver.beer', column: 'beer_ibu', kind: 'column-added', class: 'automatic' }),
      ]),
    );
    expect(plan.backfills).toEqual(['gold.top_beers_by_rating']);
  });

  it('warns a process run that the changed transform waits for apply, and recomputes no partition it does not touch', async () => {
    const before = await topBeers(undefined);
    const run = await cli('v2', 'process', 'all');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('gold.top_beers_by_rating: waiting for `datamaster apply` (`datamaster plan` says why');
    expect(run.stderr).toContain('`datamaster apply` recomputes the rest');
    expect(await topBeers('v2')).toEqual(before);
  });

  it('applies: every partition recomputed with the new transform, and the plan empty after', async () => {
    const run = await cli('v2', 'apply');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/backfill gold\.top_beers_by_rating: \d+ partition\(s\) to recompute/);
    expect(run.stdout).toMatch(/✔ gold\.top_beers_by_rating /);
    const recomputed = await topBeers('v2');
    expect(recomputed).toEqual(await expectedTopBeers('v2', 2));
    expect(recomputed.length).toBeGreaterThan((await expectedTopBeers('v2', 25)).length);
    expect((await planOf('v2')).plan.changes).toEqual([]);
    expect(await rows('v2', 'SELECT count(beer_ibu) AS with_ibu FROM silver.beer')).toEqual([{ with_ibu: 0 }]);
  }, 120_000);

  it('does nothing when applied again', async () => {
    const snapshots = await rows('v2', 'SELECT count(*) AS n FROM gold.top_beers_by_rating');
    const run = await cli('v2', 'apply', '--json');
    expect(run.code).toBe(0);
    const outcome = JSON.parse(run.stdout) as { plan: ManifestPlan; backfills: unknown[]; run?: unknown };
    expect(outcome.plan.changes).toEqual([]);
    expect(outcome.backfills).toEqual([]);
    expect(outcome.run).toBeUndefined();
    expect(await rows('v2', 'SELECT count(*) AS n FROM gold.top_beers_by_rating')).toEqual(snapshots);
  });

  it('drops a column the manifest no longer declares only when applied, and recomputes the reverted transform', async () => {
    const { plan } = await planOf(undefined);
    expect(plan.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'silver.beer', column: 'beer_ibu', kind: 'column-dropped', class: 'automatic' }),
        expect.objectContaining({ table: 'gold.top_beers_by_rating', kind: 'transform', class: 'backfill' }),
      ]),
    );
    // Opening the lake (any command) keeps the column: an older build still reads the lake.
    expect((await cli(undefined, 'process', 'silver')).code).toBe(0);
    expect((await planOf(undefined)).plan.changes.some((c) => c.kind === 'column-dropped')).toBe(true);
    const run = await cli(undefined, 'apply');
    expect(run.code).toBe(0);
    expect((await planOf(undefined)).plan.changes).toEqual([]);
    expect(await topBeers(undefined)).toEqual(await expectedTopBeers(undefined, 25));
    expect((await cli(undefined, 'query', 'SELECT beer_ibu FROM silver.beer', '--as', 'data-engineer')).code).not.toBe(0);
  }, 120_000);

  it('refuses a breaking change, naming it, and changes nothing', async () => {
    const before = beerMetadataFiles();
    const plan = await planOf('narrowed');
    expect(plan.code).toBe(1);
    expect(plan.plan.changes).toEqual([expect.objectContaining({ table: 'silver.beer', column: 'brewery_id', kind: 'column-retyped', class: 'breaking' })]);
    const run = await cli('narrowed', 'apply');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 breaking change(s): silver.beer.brewery_id (column-retyped)');
    expect(beerMetadataFiles()).toEqual(before);
  });
});
