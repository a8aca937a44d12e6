// Breaking changes with a declared migration, and a derived table's partitioning changed: `apply` rebuilds the
// derived table under its new declaration in one commit (another type, another partition spec), later runs keep it
// up to date incrementally, a declassified column is taken as it is, and a merged (source) table is rebuilt from its
// bronze changes under a migrated type.
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ManifestPlan } from '@datamaster/lake-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBundledManifest, ManifestCopyLake } from './testing/manifest-copy.js';
import { runCapturing } from './testing/run-cli.js';


let lake: ManifestCopyLake;
let cwd: string;
const cli = (manifest: string | undefined, ...args: string[]) => runCapturing(['--home', 'home', ...(manifest ? ['--manifest', join(cwd, manifest)] : []), ...args], { cwd });
const rows = async (manifest: string | undefined, sql: string) => {
  const result = await cli(manifest, 'query', sql, '--as', 'data-engineer', '--format', 'json');
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, number | string | null>[];
};
const planOf = async (manifest: string) => {
  const run = await cli(manifest, 'plan', '--json');
  return { code: run.code, plan: JSON.parse(run.stdout) as ManifestPlan };
};
const TOP_DRINKERS = 'SELECT profile_id, review_year, review_month, total_reviews FROM gold.top_drinkers ORDER BY ALL';
const EXPECTED = 'SELECT profile_id, review_year, review_month, count(*) AS total_reviews FROM silver.review_flat GROUP BY ALL ORDER BY ALL';

function editJson(dir: string, file: string, edit: (table: Record<string, unknown>) => void): void {
  const path = join(dir, 'tables', file);
  const table = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(table);
  writeFileSync(path, JSON.stringify(table, null, 2));
}
const columnsOf = (table: Record<string, unknown>) => table['columns'] as Record<string, unknown>[];
const MIGRATION = { id: 'top-drinkers-int-counts', change: 'column-retyped', column: 'total_reviews', reason: 'A reviewer writes fewer than 2^31 reviews a month.' };

/** gold.top_drinkers: total_reviews long → int, partitioned by review_year only; with the migration or without. */
function topDrinkersNarrowed(name: string, migrated: boolean): void {
  const dir = join(cwd, name);
  copyBundledManifest(dir);
  editJson(dir, 'gold/top_drinkers.json', (table) => {
    table['partitionBy'] = [{ column: 'review_year' }];
    for (const column of columnsOf(table)) if (column['name'] === 'total_reviews') column['type'] = 'int';
    if (migrated) table['migrations'] = [MIGRATION];
  });
  const sql = join(dir, 'transforms', 'gold', 'top_drinkers.sql');
  writeFileSync(sql, readFileSync(sql, 'utf8').replace('JOIN touched_partitions m ON m.review_year = f.review_year AND m.review_month = f.review_month', 'JOIN touched_partitions m ON m.review_year = f.review_year'));
}

beforeAll(async () => {
  lake = ManifestCopyLake.create('apply-migration');
  cwd = lake.cwd;
  topDrinkersNarrowed('unmigrated', false);
  topDrinkersNarrowed('migrated', true);
  // On top of it: silver.beer's brewery_id narrowed with a migration (a merged table), and profile.email declassified.
  cpSync(join(cwd, 'migrated'), join(cwd, 'source-migrated'), { recursive: true });
  editJson(join(cwd, 'source-migrated'), 'sources/beer.json', (table) => {
    for (const column of columnsOf(table)) if (column['name'] === 'brewery_id') column['type'] = 'int';
    table['migrations'] = [{ id: 'beer-brewery-int', change: 'column-retyped', column: 'brewery_id', reason: 'Brewery ids fit in 32 bits.' }];
  });
  cpSync(join(cwd, 'migrated'), join(cwd, 'declassified'), { recursive: true });
  editJson(join(cwd, 'declassified'), 'sources/profile.json', (table) => {
    for (const column of columnsOf(table)) {
      if (column['name'] !== 'email') continue;
      delete column['classification'];
      delete column['masking'];
    }
    table['migrations'] = [{ id: 'email-public', change: 'pii-declassified', column: 'email', reason: 'Emails are public handles here.' }];
  });
  // A partitioning by a column no input has: the partitions of a rebuild cannot be known.
  cpSync(join(cwd, 'migrated'), join(cwd, 'by-count'), { recursive: true });
  editJson(join(cwd, 'by-count'), 'gold/top_drinkers.json', (table) => {
    table['partitionBy'] = [{ column: 'total_reviews' }];
  });
  await lake.fill();
  expect((await cli(undefined, 'process', 'all')).stderr).toBe('');
}, 240_000);
afterAll(() => lake?.remove());

describe('migrations and rebuilt derived tables', () => {
  it('refuses a narrowed type without a migration, and takes it with one', async () => {
    const unmigrated = await planOf('unmigrated');
    expect(unmigrated.code).toBe(1);
    expect(unmigrated.plan.breaking).toBe(true);
    const migrated = await planOf('migrated');
    expect(migrated.code).toBe(0);
    expect(migrated.plan.breaking).toBe(false);
    expect(migrated.plan.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'gold.top_drinkers', column: 'total_reviews', kind: 'column-retyped', class: 'breaking', migration: MIGRATION.id }),
        expect.objectContaining({ table: 'gold.top_drinkers', kind: 'partitioning', class: 'backfill' }),
      ]),
    );
    const text = await cli('migrated', 'plan');
    expect(text.stdout).toContain(`migration ${MIGRATION.id}`);
    expect(text.stdout).toContain('or by its declared migration (1)');
    // Until it is applied, the table cannot follow by itself: other commands say what to run.
    const process = await cli('migrated', 'process', 'gold');
    expect(process.code).toBe(1);
    expect(process.stderr).toContain('need `datamaster apply`');
  });

  it('rebuilds the table under its new type and partition spec, recomputed from its input', async () => {
    const run = await cli('migrated', 'apply');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rebuilt gold\.top_drinkers: [\d,]+ rows in \d+ file\(s\)/);
    expect(await rows('migrated', TOP_DRINKERS)).toEqual(await rows('migrated', EXPECTED));
    expect(await rows('migrated', 'SELECT DISTINCT typeof(total_reviews) AS t FROM gold.top_drinkers')).toEqual([{ t: 'INTEGER' }]);
    const data = join(cwd, 'home', 'lake', 'gold', 'top_drinkers', 'data');
    const yearOnly = readdirSync(data, { recursive: true }).map(String).filter((f) => f.endsWith('.parquet') && !f.includes('review_month='));
    expect(yearOnly.length).toBeGreaterThan(0);
    expect((await planOf('migrated')).plan.changes).toEqual([]);
  }, 120_000);

  it('keeps the rebuilt table up to date from new data, each of its coarser partitions recomputed once', async () => {
    const [header, ...lines] = gunzipSync(readFileSync(join(cwd, 'seed', 'review.csv.gz'))).toString('utf8').trim().split('\n');
    const id = (header ?? '').split(',').indexOf('review_id');
    const more = lines.slice(0, 50).map((line) => line.split(',').map((cell, i) => (i === id ? String(Number(cell) + 10_000_000) : cell)).join(','));
    writeFileSync(join(cwd, 'more-reviews.csv.gz'), gzipSync(`${header}\n${more.join('\n')}\n`));
    expect((await cli('migrated', 'ingest', 'more-reviews.csv.gz', '--table', 'review')).code).toBe(0);
    const run = await cli('migrated', 'process', 'all');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/✔ gold\.top_drinkers /);
    expect(await rows('migrated', TOP_DRINKERS)).toEqual(await rows('migrated', EXPECTED));
  }, 120_000);

  it('refuses to rebuild a table partitioned by a column none of its inputs has, naming them, and changes nothing', async () => {
    const before = readdirSync(join(cwd, 'home', 'lake', 'gold', 'top_drinkers', 'metadata')).sort();
    const run = await cli('by-count', 'apply');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('gold.top_drinkers cannot be rebuilt: none of its inputs (silver.review_flat) has all of its partition columns (total_reviews)');
    expect(readdirSync(join(cwd, 'home', 'lake', 'gold', 'top_drinkers', 'metadata')).sort()).toEqual(before);
  });

  it('rebuilds a merged (source) table from every bronze change under a migrated type, and recomputes what reads it', async () => {
    const BEERS = 'SELECT beer_id, brewery_id, beer_name, beer_abv, deleted_at IS NULL AS live FROM silver.beer ORDER BY ALL';
    const FLAT = 'SELECT count(*) AS n, count(DISTINCT beer_name) AS beers FROM silver.review_flat';
    const before = await rows('migrated', BEERS);
    const flatBefore = await rows('migrated', FLAT);
    const { plan } = await planOf('source-migrated');
    expect(plan.changes).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'silver.beer', column: 'brewery_id', kind: 'column-retyped', class: 'breaking', migration: 'beer-brewery-int' })]));
    const run = await cli('source-migrated', 'apply');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rebuilt silver\.beer from [1-9]\d* bronze object\(s\) \([\d,]+ changes\): [\d,]+ rows in \d+ file\(s\), snapshot \d+/);
    expect(run.stdout).toMatch(/backfill silver\.review_flat/);
    expect(await rows('source-migrated', BEERS)).toEqual(before);
    expect(await rows('source-migrated', "SELECT DISTINCT typeof(brewery_id) AS type FROM silver.beer")).toEqual([{ type: 'INTEGER' }]);
    expect(await rows('source-migrated', FLAT)).toEqual(flatBefore);
    expect((await planOf('source-migrated')).plan.changes).toEqual([]);
  }, 240_000);

  it('takes a declassified column as it is: masked values stay masked, and the plan is empty after', async () => {
    const { plan } = await planOf('declassified');
    expect(plan.changes).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'silver.profile', column: 'email', kind: 'pii-declassified', migration: 'email-public' })]));
    const before = await rows('declassified', 'SELECT count(*) FILTER (WHERE regexp_full_match(email, \'[0-9a-f]{64}\')) AS tokens FROM silver.profile');
    const run = await cli('declassified', 'apply');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await planOf('declassified')).plan.changes).toEqual([]);
    expect(await rows('declassified', 'SELECT count(*) FILTER (WHERE regexp_full_match(email, \'[0-9a-f]{64}\')) AS tokens FROM silver.profile')).toEqual(before);
    expect(Number(before[0]?.['tokens'])).toBeGreaterThan(0);
  }, 120_000);
});
