// Adding a table is two files: a manifest file and, for a derived table, its transform SQL. A sixth gold table
// laid over a copy of the bundled manifest is created, processed and queried with nothing else changed
// (spark/tests/test_added_table.py runs the same folder on the Spark engine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestCopyLake, type Row } from './testing/manifest-copy.js';

const ADDED_TABLE = 'gold.top_breweries_by_state';

let lake: ManifestCopyLake;

beforeAll(async () => {
  lake = ManifestCopyLake.create('added-table');
  lake.layOver('added-table');
  await lake.fill();
}, 180_000);
afterAll(() => lake.remove());

describe('a table added by its two files', () => {
  it('is validated, created, processed and queried under its grants', async () => {
    const shown = await lake.cli('manifest', 'show', ADDED_TABLE);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('breweries_reviewed');
    const run = await lake.cli('process', 'all');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`✔ ${ADDED_TABLE.replace('.', '\\.')} `));
    const added = await lake.rows(`SELECT state, review_year, review_month, breweries_reviewed, total_reviews FROM ${ADDED_TABLE}`, { as: 'analyst' });
    const expected = await lake.rows(
      'SELECT state, review_year, review_month, count(DISTINCT brewery_id) AS breweries_reviewed, count(*) AS total_reviews FROM silver.review_flat WHERE state IS NOT NULL GROUP BY ALL',
    );
    expect(added.length).toBeGreaterThan(0);
    const key = (r: Row) => `${r['state']}|${r['review_year']}|${r['review_month']}|${r['breweries_reviewed']}|${r['total_reviews']}`;
    expect(added.map(key).sort()).toEqual(expected.map(key).sort());
  }, 180_000);

  it('exists only in the manifest that declares it', async () => {
    const bundled = await lake.bundledCli('query', `SELECT * FROM ${ADDED_TABLE}`, '--as', 'analyst');
    expect(bundled.code).not.toBe(0);
    expect(bundled.stderr).toContain(ADDED_TABLE);
  });
});
