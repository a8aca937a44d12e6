// Loads a run's bronze files into a DuckDB temp table `changes`: the table's columns with the bronze
// types, the change position, and the file each row came from (for per-record counts in the ledger).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LedgerRecord } from '@datamaster/lake-contract';
import { duckdbType, type LakeTable } from '@datamaster/lake-manifest';
import type { ObjectStore } from '@datamaster/storage';
import { localPath, quoteIdentifier, sqlList } from '../engine/sql.js';

export interface BronzeFile {
  readonly record: LedgerRecord;
  readonly path: string;
}

export function bronzeFiles(store: ObjectStore, records: readonly LedgerRecord[]): BronzeFile[] {
  const root = localPath(store.uri);
  return records.map((record) => ({ record, path: join(root, record.objectKey) }));
}

/** Creates `changes` and returns the row count per file path. */
export async function loadChanges(connection: DuckDBConnection, bronze: LakeTable, files: readonly BronzeFile[]): Promise<Map<string, number>> {
  const wanted = bronze.columns.filter((c) => c.origin === 'declared' || ['op', 'change_ts', 'change_seq'].includes(c.name));
  const select = wanted.map((c) => `CAST(${quoteIdentifier(c.name)} AS ${duckdbType(c.type)}) AS ${quoteIdentifier(c.name)}`).join(', ');
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE changes AS SELECT ${select}, filename AS bronze_file FROM read_parquet(${sqlList(files.map((f) => f.path))}, union_by_name = true, filename = true)`,
  );
  const counts = (await connection.runAndReadAll('SELECT bronze_file, count(*)::BIGINT AS n FROM changes GROUP BY bronze_file')).getRowObjectsJson() as { bronze_file: string; n: string }[];
  return new Map(counts.map((c) => [c.bronze_file, Number(c.n)]));
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
