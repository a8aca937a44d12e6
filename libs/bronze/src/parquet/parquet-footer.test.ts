import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readParquetFooter } from './parquet-footer.js';

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bronze-footer-'));
  instance = await DuckDBInstance.create();
  connection = await instance.connect();
});
afterAll(async () => {
  connection.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

/** A Parquet file written by another writer (DuckDB), so the reader is not checked against itself. */
async function duckdbParquet(rows: number, rowGroupSize: number): Promise<Buffer> {
  const path = join(dir, `r${rows}.parquet`);
  await connection.run(
    `COPY (SELECT range AS id, 'name ' || range AS name, range * 0.5 AS score FROM range(${rows})) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE ${rowGroupSize})`,
  );
  return readFile(path);
}

describe('readParquetFooter', () => {
  it('reads the row count and the number of row groups', async () => {
    expect(readParquetFooter(await duckdbParquet(250_000, 100_000))).toEqual({ rows: 250_000, rowGroups: 3 });
    expect(readParquetFooter(await duckdbParquet(0, 100_000))).toEqual({ rows: 0, rowGroups: 0 });
  });

  it('works from the tail of a file alone', async () => {
    const file = await duckdbParquet(10, 100_000);
    const footerLength = file.readUInt32LE(file.length - 8);
    expect(readParquetFooter(file.subarray(file.length - footerLength - 8))).toEqual({ rows: 10, rowGroups: 1 });
  });

  it('rejects bytes that are not a complete Parquet file', async () => {
    const file = await duckdbParquet(10, 100_000);
    expect(() => readParquetFooter(file.subarray(0, file.length - 1))).toThrow(/does not end in PAR1/);
    expect(() => readParquetFooter(file.subarray(file.length - 20))).toThrow(/longer than the bytes kept/);
  });
});
