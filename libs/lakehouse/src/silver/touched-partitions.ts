// Which partitions a silver run must rewrite (copy-on-write), and which partitions of the tables built
// from it the run invalidates.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LiveDataFile, PartitionValues } from '@datamaster/iceberg';
import type { IcebergSchema, LakeTable } from '@datamaster/lake-manifest';
import { localPath, quoteIdentifier } from '../engine/sql.js';
import { parquetSelect } from '../engine/table-view.js';

const keyMatch = (table: LakeTable, a: string, b: string) => table.primaryKey.map((k) => `${a}.${quoteIdentifier(k)} = ${b}.${quoteIdentifier(k)}`).join(' AND ');

async function distinctPartitions(connection: DuckDBConnection, table: LakeTable, sql: string): Promise<PartitionValues[]> {
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, string | number | null>[];
  return rows.map((row) => Object.fromEntries(table.partitionBy.map((p) => [p.column, row[p.column] === null || row[p.column] === undefined ? null : Number(row[p.column])])));
}

/**
 * The partitions the changed keys will live in (from the changes' own values) plus those that hold
 * them now (a change may move a row, e.g. a corrected review_time). Only key and partition columns of
 * the live files are scanned; whole partitions are read only for the ones returned.
 */
export async function partitionsToRewrite(connection: DuckDBConnection, silver: LakeTable, schema: IcebergSchema, live: readonly LiveDataFile[]): Promise<PartitionValues[]> {
  if (silver.partitionBy.length === 0) return [{}];
  const expression = (column: string) => silver.columns.find((c) => c.name === column)?.expression ?? quoteIdentifier(column);
  const columns = silver.partitionBy.map((p) => `${expression(p.column)} AS ${quoteIdentifier(p.column)}`).join(', ');
  const incoming = await distinctPartitions(connection, silver, `SELECT DISTINCT ${columns} FROM changes`);
  const partitionColumns = silver.partitionBy.map((p) => p.column);
  const scanned = parquetSelect(silver, schema, live.map((f) => localPath(f.path)), [...new Set([...silver.primaryKey, ...partitionColumns])]);
  const current = await distinctPartitions(
    connection,
    silver,
    `SELECT DISTINCT ${partitionColumns.map(quoteIdentifier).join(', ')} FROM (${scanned}) f WHERE EXISTS (SELECT 1 FROM changes c WHERE ${keyMatch(silver, 'c', 'f')})`,
  );
  const all = new Map([...incoming, ...current].map((p) => [JSON.stringify(p), p]));
  return [...all.values()];
}

/**
 * For a table without the downstream partitioning (a dimension such as beer), the partitions of the
 * downstream's partitioned input (the fact, silver.review) whose rows reference a changed key.
 * `fact` must be registered as a view of that name.
 */
export async function factPartitionsReferencing(connection: DuckDBConnection, dimension: LakeTable, fact: LakeTable, factView: string): Promise<PartitionValues[]> {
  const factColumns = new Set(fact.columns.map((c) => c.name));
  const joinable = dimension.primaryKey.every((k) => factColumns.has(k));
  const columns = fact.partitionBy.map((p) => quoteIdentifier(p.column)).join(', ');
  // A fact without the dimension's key column: every partition may be affected.
  const where = joinable ? `WHERE EXISTS (SELECT 1 FROM changes c WHERE ${keyMatch(dimension, 'c', 'f')})` : '';
  return distinctPartitions(connection, fact, `SELECT DISTINCT ${columns} FROM ${quoteIdentifier(factView)} f ${where}`);
}
