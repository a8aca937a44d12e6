import { lakeManifest, tablesInLayer } from '@datamaster/lake-manifest';
import { NotProcessableTableError, runProcessing } from '@datamaster/processing';
import { describe, expect, it } from 'vitest';
import { freshLakePerTest } from '../testing/lake-fixture.js';
import { openEngineSession } from './duckdb-session.js';
import { embeddedEngine } from './run-job.js';

const lake = freshLakePerTest();

const T0 = '2024-01-01T00:00:00Z';

describe('processing through the state machine', () => {
  it('runs silver, review_flat and gold in one execution, reporting each job', async () => {
    await lake.writeBronze('beer', 'load', [{ op: 'load', change_ts: T0, change_seq: 1, beer_id: 10, brewery_id: 1, beer_name: 'Hoppy', beer_style: 'IPA', beer_abv: 6.5 }]);
    await lake.writeBronze('review', 'load', [
      { op: 'load', change_ts: T0, change_seq: 1, review_id: 1, brewery_id: 1, beer_id: 10, profile_id: 100, review_overall: 4, review_time: '2010-01-05T00:00:00Z' },
    ]);
    const done: string[] = [];
    const run = await lake.process({ layers: 'all', onJobDone: (r) => done.push(r.ref) });
    expect(run.failures).toEqual([]);
    // Every gold table of the manifest, whichever they are: beer and review touch all of them.
    const gold = tablesInLayer(lakeManifest(), 'gold').map((t) => t.ref);
    expect(run.results.filter((r) => r.status === 'committed').map((r) => r.ref).sort()).toEqual([...gold, 'silver.beer', 'silver.review', 'silver.review_flat'].sort());
    expect(done).toHaveLength(lakeManifest().tables.filter((t) => t.layer === 'silver' || t.layer === 'gold').length);
    expect(await lake.rows('gold.top_drinkers')).toEqual([{ profile_id: '100', profile_name: null, state: null, total_reviews: '1', avg_rating: 4, rated_reviews: '1', review_year: 2010, review_month: 1 }]);
  });

  it('reports a failing table and still processes the others', async () => {
    const broken = await lake.writeBronze('beer', 'load', [{ op: 'load', change_ts: T0, change_seq: 1, beer_id: 10, brewery_id: 1, beer_name: 'Hoppy', beer_style: 'IPA', beer_abv: 6.5 }]);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${lake.dir}/lake/${broken.objectKey}`, 'not parquet');
    await lake.writeBronze('brewery', 'load', [{ op: 'load', change_ts: T0, change_seq: 1, brewery_id: 1, brewery_name: 'Alpha' }]);
    const run = await lake.process({ layers: 'silver' });
    expect(run.failures).toEqual([{ ref: 'silver.beer', error: expect.stringContaining('silver.beer') }]);
    expect(run.results.find((r) => r.ref === 'silver.brewery')).toMatchObject({ status: 'committed' });
  });

  it('names the budget, where it was set and how to raise it when DuckDB runs out of memory, keeping its message', async () => {
    const record = await lake.writeBronze('beer', 'load', [{ op: 'load', change_ts: T0, change_seq: 1, beer_id: 10, brewery_id: 1, beer_name: 'Hoppy', beer_style: 'IPA', beer_abv: 6.5 }]);
    // 1 MiB, and nowhere to spill: DuckDB cannot even read the bronze file.
    const tiny = await openEngineSession({ threads: 1, memoryLimitBytes: 2 ** 20, budget: { bytes: 2e6, source: '--memory-limit' } });
    try {
      const run = await runProcessing(lake.processing, embeddedEngine({ ...lake.ctx, session: tiny }), { layers: 'silver', tables: ['beer'], executionId: 'out-of-memory' });
      expect(run.failures).toEqual([{ ref: 'silver.beer', error: expect.stringMatching(/^silver\.beer: DuckDB ran out of memory under the processing budget of 2 MB \(--memory-limit\), of which it may hold 1 MiB on 1 thread\(s\)\. Raise the budget: --memory-limit for one command, or processing\.memoryLimit in the lake home's config\.json for every command\. DuckDB: Out of Memory Error: [^\n]+ MiB used\)$/) }]);
      // The ledger record keeps it, for `datamaster status`.
      expect((await lake.ledger.get(record.recordId))?.lastError?.message).toContain(run.failures[0]?.error);
    } finally {
      tiny.close();
    }
  });

  it('refuses an unknown table, naming the ones it can process', async () => {
    await expect(lake.process({ layers: 'gold', tables: ['top_beers'] })).rejects.toThrow(NotProcessableTableError);
    await expect(lake.process({ layers: 'gold', tables: ['top_beers'] })).rejects.toThrow(/gold\.top_beers_by_rating/);
  });
});
