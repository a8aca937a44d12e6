import { applyTableChange, updateSchema } from '@datamaster/iceberg';
import { getTable, type LakeTable } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { freshLakePerTest } from '../testing/lake-fixture.js';
import { createTableView } from './table-view.js';

const lake = freshLakePerTest();

describe('table views', () => {
  it('read files written before a schema change by field id: renamed under the new name, added as null', async () => {
    await lake.writeBronze('beer', 'load', [
      { op: 'load', change_ts: '2024-01-01T00:00:00Z', change_seq: 1, beer_id: 1, brewery_id: 7, beer_name: 'Alpha', beer_style: 'IPA', beer_abv: 5.5 },
    ]);
    await lake.run('silver.beer');
    const beer = getTable(lake.ctx.lake.manifest, 'silver.beer');
    const before = await lake.ctx.lake.load(beer);
    const renamed = await lake.catalog.commitTable(before, applyTableChange(before, updateSchema(before).renameColumn('beer_style', 'style').addColumn('beer_ibu', 'int', { id: 6 }).change()));
    // The manifest as it would read after the same change: style has beer_style's id, beer_ibu is new.
    const declared: LakeTable = {
      ...beer,
      columns: [
        ...beer.columns.map((c) => (c.name === 'beer_style' ? { ...c, name: 'style' } : c)),
        { id: 6, name: 'beer_ibu', type: 'int', nullable: true, description: 'Bitterness.', classification: 'public', origin: 'declared' },
        { id: 7, name: 'beer_srm', type: 'int', nullable: true, description: 'Colour; not in the table yet.', classification: 'public', origin: 'declared' },
      ],
    };
    const connection = await lake.ctx.session.connect();
    try {
      await createTableView(connection, 'beer_view', renamed, declared, { columns: ['beer_id', 'beer_name', 'style', 'beer_ibu', 'beer_srm'] });
      expect((await connection.runAndReadAll('SELECT * FROM beer_view')).getRowObjectsJS()).toEqual([{ beer_id: 1n, beer_name: 'Alpha', style: 'IPA', beer_ibu: null, beer_srm: null }]);
    } finally {
      connection.closeSync();
    }
  });
});
