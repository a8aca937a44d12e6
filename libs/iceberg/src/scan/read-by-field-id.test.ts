import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcebergTable } from '../catalog/table.js';
import { UnreadableColumnTypeError } from '../errors.js';
import type { TableChange } from '../metadata/table-change.js';
import { applyTableChange } from '../metadata/table-change.js';
import { currentSchema } from '../metadata/metadata-file.js';
import { compactDataFiles } from '../maintenance/compact-data-files.js';
import { appendFiles } from '../ops/append-files.js';
import { updateSchema } from '../evolution/schema-update.js';
import { catalogFixture, unpartitionedTable, type CatalogFixture } from '../testing/catalog-fixture.js';
import { writeParquetDataFile } from '../testing/parquet-fixture.js';
import { currentDataFiles } from './current-data-files.js';
import { readParquetByFieldId } from './read-by-field-id.js';

let fx: CatalogFixture;
let instance: DuckDBInstance;
let db: DuckDBConnection;
beforeAll(async () => {
  fx = await catalogFixture();
  await fx.catalog.createNamespace('silver');
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});
afterAll(async () => {
  db.closeSync();
  instance.closeSync();
  await fx.dispose();
});

const commit = (table: IcebergTable, change: TableChange) => fx.catalog.commitTable(table, applyTableChange(table, change));
const append = async (table: IcebergTable, first: number, rows: number) => fx.catalog.commitTable(table, await appendFiles(table, [await writeParquetDataFile(db, table, {}, first, rows)]));

/** The live rows with the current schema's columns, read by field id. */
async function rows(table: IcebergTable, columns: string): Promise<unknown[][]> {
  const paths = (await currentDataFiles(table)).map((f) => fileURLToPath(f.path));
  return (await db.runAndReadAll(`SELECT ${columns} FROM ${readParquetByFieldId(paths, currentSchema(table.metadata).fields)} ORDER BY beer_id`)).getRowsJS();
}

/**
 * silver.beer written in three schemas: rows 0–2 before any change; rows 3–5 after beer_ibu (int, id 6) was added,
 * beer_style renamed to style and beer_abv dropped; rows 6–7 after beer_ibu was promoted to long.
 */
async function evolvedBeer(name: string): Promise<IcebergTable> {
  let table = await append(await fx.catalog.createTable({ namespace: 'silver', name }, unpartitionedTable()), 0, 3);
  table = await commit(table, updateSchema(table).addColumn('beer_ibu', 'int', { id: 6 }).renameColumn('beer_style', 'style').deleteColumn('beer_abv').change());
  table = await append(table, 3, 3);
  table = await commit(table, updateSchema(table).updateColumn('beer_ibu', { type: 'long' }).change());
  return append(table, 6, 2);
}

// Values of the parquet fixture: beer_id = i * 1000003, strings 'v' + i, ints i * 7 - 20, longs i * 1000003.
const EXPECTED = [
  [0n, 'v000', null],
  [1000003n, 'v001', null],
  [2000006n, 'v002', null],
  [3000009n, 'v003', 1n],
  [4000012n, 'v004', 8n],
  [5000015n, 'v005', 15n],
  [6000018n, 'v006', 6000018n],
  [7000021n, 'v007', 7000021n],
];

describe('reading data files by field id', () => {
  it('reads every file with the current schema: renamed by id, added as null, promoted widened, dropped gone', async () => {
    const table = await evolvedBeer('by_field_id');
    expect(await rows(table, 'beer_id, style, beer_ibu')).toEqual(EXPECTED);
    const paths = (await currentDataFiles(table)).map((f) => fileURLToPath(f.path));
    const described = (await db.runAndReadAll(`DESCRIBE SELECT * FROM ${readParquetByFieldId(paths, currentSchema(table.metadata).fields)}`)).getRowObjectsJS();
    expect(described.map((c) => `${String(c['column_name'])} ${String(c['column_type'])}`)).toEqual([
      'beer_id BIGINT',
      'brewery_id BIGINT',
      'beer_name VARCHAR',
      'style VARCHAR',
      'created_at TIMESTAMP WITH TIME ZONE',
      'updated_at TIMESTAMP WITH TIME ZONE',
      'deleted_at TIMESTAMP WITH TIME ZONE',
      'beer_ibu BIGINT',
    ]);
  });

  it('keeps the statistics of files written before a promotion readable as the wider type', async () => {
    const table = await evolvedBeer('promoted_stats');
    const bounds = (await currentDataFiles(table)).map((f) => [f.metrics?.lowerBounds?.[6], f.metrics?.upperBounds?.[6]]).filter(([lower]) => lower !== undefined);
    expect(bounds.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, 15],
      [6000018, 7000021],
    ]);
  });

  it('compacts files of several schemas into one file of the current schema, rows unchanged', async () => {
    const table = await evolvedBeer('compact_evolved');
    const result = await compactDataFiles(table, db);
    expect(result).toMatchObject({ rewritten: 3, added: 1 });
    const compacted = await fx.catalog.commitTable(table, result?.metadata ?? table.metadata);
    expect(await rows(compacted, 'beer_id, style, beer_ibu')).toEqual(EXPECTED);
    const [file] = await currentDataFiles(compacted);
    const names = (await db.runAndReadAll(`SELECT name, field_id::INTEGER FROM parquet_schema('${fileURLToPath(file?.path ?? '')}') WHERE field_id IS NOT NULL`)).getRowsJS();
    expect(names).toContainEqual(['style', 4]);
    expect(names).toContainEqual(['beer_ibu', 6]);
  });

  it('names a column whose type the engine cannot read', () => {
    expect(() => readParquetByFieldId(['x.parquet'], [{ id: 1, name: 'payload', type: 'binary' }])).toThrow(UnreadableColumnTypeError);
    expect(() => readParquetByFieldId(['x.parquet'], [{ id: 1, name: 'payload', type: 'binary' }])).toThrow(/"payload" has type binary/);
  });
});
