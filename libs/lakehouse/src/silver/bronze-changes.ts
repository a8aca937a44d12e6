// Loads a run's bronze files into a DuckDB temp table `changes`: the table's columns with the bronze
// types and the change position.
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { WorkInput } from '@datamaster/lake-contract';
import { duckdbType, type LakeTable } from '@datamaster/lake-manifest';
import type { ObjectStore } from '@datamaster/storage';
import { localPath, quoteIdentifier, sqlList } from '../engine/sql.js';

/** The local paths of the work's bronze objects. */
export function bronzeFiles(store: ObjectStore, inputs: readonly WorkInput[]): string[] {
  const root = localPath(store.uri);
  return inputs.map((input) => join(root, input.objectKey));
}

/** Creates `changes` and returns its row count. */
export async function loadChanges(connection: DuckDBConnection, bronze: LakeTable, paths: readonly string[]): Promise<number> {
  const wanted = bronze.columns.filter((c) => c.origin === 'declared' || ['op', 'change_ts', 'change_seq'].includes(c.name));
  const select = wanted.map((c) => `CAST(${quoteIdentifier(c.name)} AS ${duckdbType(c.type)}) AS ${quoteIdentifier(c.name)}`).join(', ');
  await connection.run(`CREATE OR REPLACE TEMP TABLE changes AS SELECT ${select} FROM read_parquet(${sqlList(paths)}, union_by_name = true)`);
  const [count] = (await connection.runAndReadAll('SELECT count(*)::BIGINT AS n FROM changes')).getRowObjectsJson() as { n: string }[];
  return Number(count?.n ?? 0);
}
