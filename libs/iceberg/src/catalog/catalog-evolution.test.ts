// Schema and partition evolution committed through each catalog: the SQLite one, and Glue (on moto), whose table
// also shows the current schema's columns to Athena and the Glue console.
import { GetTableCommand } from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableRequirementFailedError } from '../errors.js';
import { updateSpec } from '../evolution/partition-spec-update.js';
import { updateSchema } from '../evolution/schema-update.js';
import { currentSchema, defaultSpec } from '../metadata/metadata-file.js';
import { applyTableChange, type TableChange } from '../metadata/table-change.js';
import { appendFiles } from '../ops/append-files.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { barrier } from '../testing/barrier.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { glueFixture, type GlueFixture } from '../testing/glue-fixture.js';
import type { Catalog } from './catalog.js';
import { commitWithRetry } from './commit-with-retry.js';
import type { IcebergTable } from './table.js';

let sqlite: CatalogFixture;
let glue: GlueFixture;
beforeAll(async () => {
  sqlite = await catalogFixture();
  glue = await glueFixture();
}, 60_000);
afterAll(async () => {
  await sqlite?.dispose();
  await glue?.dispose();
});

const CATALOGS: readonly [string, () => { openCatalog(): Catalog }][] = [
  ['SqliteCatalog', () => sqlite],
  ['GlueCatalog', () => glue],
];

const commit = (catalog: Catalog, table: IcebergTable, change: TableChange) => catalog.commitTable(table, applyTableChange(table, change));

describe.each(CATALOGS)('%s', (_, fixture) => {
  it('commits a schema change as a new current schema that every reader of the catalog then loads', async () => {
    const catalog = fixture().openCatalog();
    let table = await createPartitionedTable(catalog, 'evolved');
    table = await catalog.commitTable(table, await appendFiles(table, [await writeDataFile(table, { review_year: 2024, review_month: 1 }, 4)]));
    const evolved = await commit(catalog, table, updateSchema(table).addColumn('beer_abv', 'double', { doc: 'ABV.' }).renameColumn('beer_style', 'style').change());
    const loaded = await fixture().openCatalog().loadTable(table.identifier);
    expect(loaded.metadataLocation).toBe(evolved.metadataLocation);
    expect(loaded.metadata['current-schema-id']).toBe(1);
    expect(loaded.metadata['last-column-id']).toBe(9);
    expect(currentSchema(loaded.metadata).fields.map((f) => `${f.id}:${f.name}`)).toEqual([
      '1:beer_id',
      '2:beer_name',
      '3:style',
      '4:avg_rating',
      '5:total_reviews',
      '6:review_year',
      '7:review_month',
      '8:rated_reviews',
      '9:beer_abv',
    ]);
    expect(await currentDataFiles(loaded)).toHaveLength(1);
  });

  it('sets and removes table properties, which every reader of the catalog then loads', async () => {
    const catalog = fixture().openCatalog();
    const table = await createPartitionedTable(catalog, 'with_properties');
    const set = await commit(catalog, table, { requirements: [], updates: [{ action: 'set-properties', updates: { 'app.note': 'first', 'app.kept': 'yes' } }] });
    const changed = await commit(catalog, set, {
      requirements: [],
      updates: [
        { action: 'set-properties', updates: { 'app.note': 'second' } },
        { action: 'remove-properties', removals: ['app.kept', 'app.absent'] },
      ],
    });
    const loaded = await fixture().openCatalog().loadTable(table.identifier);
    expect(loaded.metadataLocation).toBe(changed.metadataLocation);
    expect(loaded.metadata.properties).toEqual({ ...table.metadata.properties, 'app.note': 'second' });
  });

  it('lets one of two racing schema changes land and fails the other, which was built on the replaced schema', async () => {
    const created = await createPartitionedTable(fixture().openCatalog(), 'schema_race');
    const sameBase = barrier(2);
    const evolve = (column: string) => {
      const catalog = fixture().openCatalog();
      const change = updateSchema(created).addColumn(column, 'string').change();
      return commitWithRetry(
        catalog,
        created.identifier,
        async (table) => {
          await sameBase();
          return applyTableChange(table, change);
        },
        { backoffMs: 1 },
      );
    };
    const results = await Promise.allSettled([evolve('left'), evolve('right')]);
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(TableRequirementFailedError);
    const table = await fixture().openCatalog().loadTable(created.identifier);
    expect(table.metadata.schemas).toHaveLength(2);
    expect(currentSchema(table.metadata).fields.filter((f) => ['left', 'right'].includes(f.name))).toHaveLength(1);
  });

  it('commits a partition spec change: a new default spec, files written before keep theirs', async () => {
    const catalog = fixture().openCatalog();
    let table = await createPartitionedTable(catalog, 'respecced');
    const old = await writeDataFile(table, { review_year: 2024, review_month: 1 }, 4);
    table = await catalog.commitTable(table, await appendFiles(table, [old]));
    table = await commit(catalog, table, updateSpec(table).removeField('review_month').change());
    const loaded = await fixture().openCatalog().loadTable(table.identifier);
    expect(loaded.metadata['default-spec-id']).toBe(1);
    expect(defaultSpec(loaded.metadata).fields.map((f) => f.name)).toEqual(['review_year']);
    const yearly = await writeDataFile(loaded, { review_year: 2024 }, 2);
    const appended = await catalog.commitTable(loaded, await appendFiles(loaded, [yearly]));
    expect((await currentDataFiles(appended)).map((f) => [f.path, f.specId]).sort()).toEqual(
      [
        [old.path, 0],
        [yearly.path, 1],
      ].sort(),
    );
  });
});

describe('GlueCatalog after a schema change', () => {
  it("shows the current schema's columns, then the names only older schemas had, as Iceberg's GlueCatalog does", async () => {
    const catalog = glue.openCatalog();
    const table = await createPartitionedTable(catalog, 'glue_columns');
    await commit(catalog, table, updateSchema(table).addColumn('beer_abv', 'double').renameColumn('beer_style', 'style').updateColumn('total_reviews', { doc: 'Reviews.' }).change());
    const { Table: recorded } = await glue.glue.send(new GetTableCommand({ DatabaseName: 'gold', Name: 'glue_columns' }));
    expect(recorded?.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type, c.Comment ?? '', c.Parameters?.['iceberg.field.id'], c.Parameters?.['iceberg.field.current']])).toEqual([
      ['beer_id', 'bigint', expect.any(String), '1', 'true'],
      ['beer_name', 'string', expect.any(String), '2', 'true'],
      ['style', 'string', expect.any(String), '3', 'true'],
      ['avg_rating', 'double', expect.any(String), '4', 'true'],
      ['total_reviews', 'bigint', 'Reviews.', '5', 'true'],
      ['review_year', 'int', expect.any(String), '6', 'true'],
      ['review_month', 'int', expect.any(String), '7', 'true'],
      ['rated_reviews', 'bigint', expect.any(String), '8', 'true'],
      ['beer_abv', 'double', '', '9', 'true'],
      ['beer_style', 'string', expect.any(String), '3', 'false'],
    ]);
  });
});
