import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTable, icebergSchema, lakeManifest, quoteIdentifier, type LakeColumn, type LakeTable } from '@datamaster/lake-manifest';
import { InvalidDataFileError } from '../errors.js';
import { localLocation } from '../io/local-file-io.js';
import { appendFiles } from '../ops/append-files.js';
import { overwritePartitions } from '../ops/overwrite-partitions.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { catalogFixture, type CatalogFixture } from '../testing/catalog-fixture.js';
import { VALUE_OF_TYPE } from '../testing/parquet-fixture.js';
import { duckdbFieldIds, parquetDataFile } from './parquet-data-file.js';

const table: LakeTable = getTable(lakeManifest(), 'silver.review');
const schema = icebergSchema(table);
let fx: CatalogFixture;
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  fx = await catalogFixture();
  instance = await DuckDBInstance.create();
  db = await instance.connect();
});
afterAll(async () => {
  db.closeSync();
  instance.closeSync();
  await fx.dispose();
});

/** Row i of a column: varied values, a null every third row when the column allows it. */
function valueOf(column: LakeColumn, month: number): string {
  if (column.name === 'review_year') return '2024::INTEGER';
  if (column.name === 'review_month') return `${month}::INTEGER`;
  const expression = VALUE_OF_TYPE[column.type];
  return column.nullable ? `CASE WHEN i % 3 = 0 THEN NULL ELSE ${expression} END` : expression;
}

async function writeParquet(path: string, rows: number, month: number, fieldIds = true): Promise<void> {
  const select = table.columns.map((c) => `${valueOf(c, month)} AS ${quoteIdentifier(c.name)}`).join(', ');
  const options = fieldIds ? `FORMAT parquet, ROW_GROUP_SIZE 40, FIELD_IDS ${duckdbFieldIds(schema)}` : 'FORMAT parquet';
  await db.run(`COPY (SELECT ${select} FROM range(${rows}) t(i)) TO '${path}' (${options})`);
}

const asStat = (column: LakeColumn, agg: string) => {
  const value = `${agg}(${quoteIdentifier(column.name)})`;
  if (column.type === 'date') return `date_diff('day', DATE '1970-01-01', ${value})`;
  if (column.type === 'timestamptz') return `epoch_us(${value})`;
  return value;
};

describe('parquetDataFile', () => {
  it('reads record count, size and per-field-id statistics that agree with a full scan', async () => {
    const path = join(fx.dir, 'stats.parquet');
    await writeParquet(path, 100, 1);
    const file = await parquetDataFile(db, { path, location: localLocation(path), partition: { review_year: 2024, review_month: 1 }, schema });
    expect(file.recordCount).toBe(100);
    const aggregates = table.columns.flatMap((c) => [`${asStat(c, 'min')}`, `${asStat(c, 'max')}`, `count(*) - count(${quoteIdentifier(c.name)})`]);
    const [row] = (await db.runAndReadAll(`SELECT ${aggregates.join(', ')} FROM read_parquet('${path}')`)).getRowsJS();
    table.columns.forEach((c, i) => {
      const [min, max, nulls] = [row?.[i * 3], row?.[i * 3 + 1], row?.[i * 3 + 2]].map((v) => (typeof v === 'bigint' ? Number(v) : v));
      expect({ column: c.name, lower: file.metrics?.lowerBounds?.[c.id], upper: file.metrics?.upperBounds?.[c.id], nulls: file.metrics?.nullValueCounts?.[c.id] }).toEqual({
        column: c.name,
        lower: min,
        upper: max,
        nulls,
      });
      expect(file.metrics?.valueCounts?.[c.id]).toBe(100);
      expect(file.metrics?.columnSizes?.[c.id]).toBeGreaterThan(0);
    });
  });

  it('refuses a Parquet file without field ids and says how to write one', async () => {
    const path = join(fx.dir, 'no-ids.parquet');
    await writeParquet(path, 5, 1, false);
    const attempt = parquetDataFile(db, { path, location: localLocation(path), partition: { review_year: 2024, review_month: 1 }, schema });
    await expect(attempt).rejects.toThrow(InvalidDataFileError);
    await expect(attempt).rejects.toThrow(/FIELD_IDS \{/);
  });

  it('feeds DuckDB the live files: an overwritten month is replaced, the other kept', async () => {
    await fx.catalog.createNamespace('silver');
    let iceberg = await fx.catalog.createTable({ namespace: 'silver', name: 'review' }, table);
    const dataFile = async (name: string, rows: number, month: number) => {
      const location = `${iceberg.metadata.location}/data/review_month=${month}/${name}.parquet`;
      const path = fileURLToPath(location);
      await iceberg.io.write(location, new Uint8Array());
      await writeParquet(path, rows, month);
      return parquetDataFile(db, { path, location, partition: { review_year: 2024, review_month: month }, schema });
    };
    iceberg = await fx.catalog.commitTable(iceberg, await appendFiles(iceberg, [await dataFile('jan', 30, 1), await dataFile('feb', 20, 2)]));
    iceberg = await fx.catalog.commitTable(iceberg, await overwritePartitions(iceberg, [{ review_year: 2024, review_month: 1 }], [await dataFile('jan-v2', 12, 1)]));

    // hive_partitioning off: the values come from the files (typed), not from the folder names.
    const paths = (await currentDataFiles(iceberg)).map((f) => `'${fileURLToPath(f.path)}'`);
    const rows = (await db.runAndReadAll(`SELECT review_month, count(*)::INTEGER AS n FROM read_parquet([${paths.join(', ')}], hive_partitioning = false) GROUP BY 1 ORDER BY 1`)).getRowObjectsJS();
    expect(rows).toEqual([
      { review_month: 1, n: 12 },
      { review_month: 2, n: 20 },
    ]);
    expect(iceberg.metadata.snapshots.at(-1)?.summary['total-records']).toBe('32');
  });
});
