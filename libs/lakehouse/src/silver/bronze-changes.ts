// Loads a run's bronze files into a DuckDB temp table `changes`: the table's columns with the bronze
// types and the change position.
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { WorkInput } from '@datamaster/lake-contract';
import { icebergSchema, type LakeTable } from '@datamaster/lake-manifest';
import type { ObjectStore } from '@datamaster/storage';
import { localPath, sqlList } from '../engine/sql.js';
import { parquetSelect } from '../engine/table-view.js';
import { BronzeFileWithoutFieldIdsError } from '../errors.js';

/** The local paths of the work's bronze objects. */
export function bronzeFiles(store: ObjectStore, inputs: readonly Pick<WorkInput, 'objectKey'>[]): string[] {
  const root = localPath(store.uri);
  return inputs.map((input) => join(root, input.objectKey));
}

/**
 * Creates `changes` and returns its row count. Columns are matched by the field ids the bronze writer puts in
 * every file, so a file written before a column was added to the manifest reads it as null.
 */
export async function loadChanges(connection: DuckDBConnection, bronze: LakeTable, paths: readonly string[]): Promise<number> {
  await checkFieldIds(connection, paths);
  const wanted = bronze.columns.filter((c) => c.origin === 'declared' || ['op', 'change_ts', 'change_seq'].includes(c.name)).map((c) => c.name);
  await connection.run(`CREATE OR REPLACE TEMP TABLE changes AS ${parquetSelect(bronze, icebergSchema(bronze), paths, wanted)}`);
  const [count] = (await connection.runAndReadAll('SELECT count(*)::BIGINT AS n FROM changes')).getRowObjectsJson() as { n: string }[];
  return Number(count?.n ?? 0);
}

/** A file without field ids would read as nulls only: its rows would lose every value without a word. */
async function checkFieldIds(connection: DuckDBConnection, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  const rows = await connection.runAndReadAll(`SELECT file_name FROM parquet_schema(${sqlList(paths)}) GROUP BY file_name HAVING count(field_id) = 0 ORDER BY file_name`);
  const [file] = rows.getRowObjectsJson() as { file_name: string }[];
  if (file !== undefined) throw new BronzeFileWithoutFieldIdsError(file.file_name);
}
