// A column added to a source table in the manifest, on a lake that already holds data: the next run evolves
// silver.beer (a new schema with the column's field id), old rows read null, rows of an extract that carries
// the column get its values, and the tables built from silver.beer stay as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestCopyLake, type Row } from './testing/manifest-copy.js';

/** The beers the new extract carries, with beer_ibu = 10 + beer_id. */
const CARRIED = 12;

let lake: ManifestCopyLake;
const GOLD = 'SELECT * FROM gold.top_beers_by_rating ORDER BY ALL';
const FLAT = 'SELECT count(*) AS n, sum(beer_id) AS beers, count(DISTINCT beer_style) AS styles FROM silver.review_flat';
let goldBefore: Row[];
let flatBefore: Row[];

/** The seed's beer extract, its first CARRIED beers with a beer_ibu column. */
function extractWithIbu(): string {
  const { header, lines } = lake.seedExtract('beer');
  const carried = lines.slice(0, CARRIED).map((line) => `${line},${10 + Number(line.split(',')[0])}`);
  return lake.writeExtract('beer-with-ibu', { header: `${header},beer_ibu`, lines: carried });
}

beforeAll(async () => {
  lake = ManifestCopyLake.create('added-column');
  await lake.fill();
  expect((await lake.cli('process', 'all')).stderr).toBe('');
  goldBefore = await lake.rows(GOLD);
  flatBefore = await lake.rows(FLAT);
  lake.layOver('added-column');
}, 240_000);
afterAll(() => lake.remove());

describe('a column added to the manifest of a lake with data', () => {
  it('reaches silver.beer from an extract that carries it, null for the rows written before', async () => {
    expect((await lake.cli('ingest', extractWithIbu(), '--table', 'beer')).code).toBe(0);
    const run = await lake.cli('process', 'all');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/✔ silver\.beer /);
    const [counts] = await lake.rows('SELECT count(*) AS beers, count(beer_ibu) AS with_ibu, count(*) FILTER (WHERE beer_ibu <> 10 + beer_id) AS wrong FROM silver.beer');
    expect(counts).toEqual({ beers: expect.any(Number), with_ibu: CARRIED, wrong: 0 });
    expect(Number(counts?.['beers'])).toBeGreaterThan(CARRIED);
    expect(await lake.rows('SELECT count(*) AS n FROM silver.beer')).toEqual([{ n: counts?.['beers'] }]);
  }, 180_000);

  it('leaves review_flat and gold as they were: the beers carried kept their other values', async () => {
    expect(await lake.rows(FLAT)).toEqual(flatBefore);
    expect(await lake.rows(GOLD)).toEqual(goldBefore);
  });

  it("is covered by the analyst's grant, as a public column of silver.beer", async () => {
    expect(await lake.rows('SELECT count(beer_ibu) AS with_ibu FROM silver.beer', { as: 'analyst' })).toEqual([{ with_ibu: CARRIED }]);
  });

  it('keeps the column in the table when the manifest goes back to the bundled one', async () => {
    const [count] = await lake.rows('SELECT count(*) AS n FROM silver.beer', { run: lake.bundledCli });
    expect(Number(count?.['n'])).toBeGreaterThan(CARRIED);
    const refused = await lake.bundledCli('query', 'SELECT beer_ibu FROM silver.beer', '--as', 'data-engineer');
    expect(refused.code).not.toBe(0);
    // Still in the table: against it, the bundled manifest drops the column.
    const plan = JSON.parse((await lake.bundledCli('plan', '--json')).stdout) as { changes: { table: string; column?: string; kind: string }[] };
    expect(plan.changes).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'silver.beer', column: 'beer_ibu', kind: 'column-dropped' })]));
  });
});
