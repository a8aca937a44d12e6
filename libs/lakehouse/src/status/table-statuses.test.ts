import { startEmbeddedDynamo, type EmbeddedServer } from '@datamaster/embedded-services';
import { appendFiles } from '@datamaster/iceberg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakeFixture, type LakeFixture } from '../testing/lake-fixture.js';
import { tableStatuses } from '@datamaster/processing';

let server: EmbeddedServer;
let lake: LakeFixture;
beforeAll(async () => {
  server = await startEmbeddedDynamo();
  lake = await lakeFixture(server);
  await lake.writeBronze('beer', 'load', [
    { op: 'load', change_ts: '2024-01-01T00:00:00Z', change_seq: 1, beer_id: 10, brewery_id: 1, beer_name: 'Hoppy', beer_style: 'IPA', beer_abv: 6.5 },
    { op: 'load', change_ts: '2024-01-01T00:00:00Z', change_seq: 2, beer_id: 11, brewery_id: 1, beer_name: 'Dark', beer_style: 'Stout', beer_abv: 8 },
  ]);
  await lake.run('silver.beer');
});
afterAll(async () => {
  await lake.dispose();
  await server.stop();
});

describe('table status', () => {
  it('reports snapshot, rows, files, the last run and freshness for every table', async () => {
    const statuses = await tableStatuses(lake.ctx.lake, lake.ledger);
    expect(statuses.map((s) => s.ref)).toContain('gold.top_drinkers');
    const beer = statuses.find((s) => s.ref === 'silver.beer');
    expect(beer).toMatchObject({ layer: 'silver', rows: 2, dataFiles: 1, waiting: 0, objective: 'P1D', freshness: 'fresh', lastRun: { status: 'succeeded' } });
    expect(beer?.snapshot?.id).toBe((await lake.ctx.lake.load(lake.ctx.lake.table('silver.beer'))).metadata['current-snapshot-id']);
    expect(statuses.find((s) => s.ref === 'silver.brewery')).toMatchObject({ rows: 0, freshness: 'never-loaded' });
    expect(statuses.find((s) => s.ref === 'bronze.beer')).toMatchObject({ layer: 'bronze', freshness: 'never-loaded' });
  });

  it('calls a table stale once its objective has passed', async () => {
    const later = new Date(Date.now() + 2 * 86_400_000);
    expect((await tableStatuses(lake.ctx.lake, lake.ledger, later)).find((s) => s.ref === 'silver.beer')?.freshness).toBe('stale');
  });

  it('reports a snapshot id beyond 2^53 (as Spark writes them) exactly, as a JSON string', async () => {
    const sparkId = '4806763671727586483';
    const beer = await lake.ctx.lake.load(lake.ctx.lake.table('silver.beer'));
    await lake.ctx.lake.catalog.commitTable(beer, await appendFiles(beer, [], { snapshotId: sparkId }));
    const status = (await tableStatuses(lake.ctx.lake, lake.ledger)).find((s) => s.ref === 'silver.beer');
    expect(status).toMatchObject({ snapshot: { id: sparkId }, rows: 2 });
    expect(JSON.stringify(status)).toContain(`"snapshot":{"id":"${sparkId}"`);
  });
});
