// A snapshot of an Iceberg table as a DuckDB temp view over its live Parquet files, optionally only
// the files of some partitions (partition pruning from the manifests, before any file is opened).
import type { DuckDBConnection } from '@duckdb/node-api';
import { currentDataFiles, currentSchema, readParquetByFieldId, type IcebergTable, type LiveDataFile, type PartitionValues, type SnapshotId } from '@datamaster/iceberg';
import { duckdbType, type IcebergSchema, type LakeTable } from '@datamaster/lake-manifest';
import { localPath, quoteIdentifier } from './sql.js';

export interface TableViewOptions {
  readonly snapshotId?: SnapshotId;
  /** Only these partitions; undefined = all. */
  readonly partitions?: readonly PartitionValues[];
  /** Only these columns, in this order; default: every column of the table. */
  readonly columns?: readonly string[];
}

export const partitionId = (table: LakeTable, values: PartitionValues): string => JSON.stringify(table.partitionBy.map((p) => values[p.column] ?? null));

export async function liveFiles(table: IcebergTable, lakeTable: LakeTable, options: TableViewOptions = {}): Promise<LiveDataFile[]> {
  const files = await currentDataFiles(table, options.snapshotId === undefined ? {} : { snapshotId: options.snapshotId });
  if (options.partitions === undefined) return files;
  const wanted = new Set(options.partitions.map((p) => partitionId(lakeTable, p)));
  return files.filter((f) => wanted.has(partitionId(lakeTable, f.partition)));
}

/**
 * The SELECT over some Parquet files with the table's columns and types (an empty relation for no files). Columns
 * are read by field id as `schema` (the table's current schema) has them, so files written before a rename, a
 * promotion or an added column read correctly; a column `schema` lacks (the table has not been evolved to the
 * manifest) reads as null.
 */
export function parquetSelect(lakeTable: LakeTable, schema: IcebergSchema, paths: readonly string[], columns?: readonly string[]): string {
  const wanted = (columns ?? lakeTable.columns.map((c) => c.name)).map((name) => {
    const column = lakeTable.columns.find((c) => c.name === name);
    if (column === undefined) throw new Error(`${lakeTable.ref} has no column "${name}"`);
    return column;
  });
  // Under the manifest's names, as the table stores them: the manifest's column ids are the table's field ids.
  const projected = wanted.flatMap((c) => schema.fields.filter((f) => f.id === c.id).map((f) => ({ id: f.id, name: c.name, type: f.type })));
  const read = new Set(paths.length === 0 ? [] : projected.map((p) => p.name));
  const select = wanted.map((c) => `CAST(${read.has(c.name) ? quoteIdentifier(c.name) : 'NULL'} AS ${duckdbType(c.type)}) AS ${quoteIdentifier(c.name)}`);
  return paths.length === 0 ? `SELECT ${select.join(', ')} WHERE false` : `SELECT ${select.join(', ')} FROM ${readParquetByFieldId(paths, projected)}`;
}

export async function createTableView(connection: DuckDBConnection, name: string, table: IcebergTable, lakeTable: LakeTable, options: TableViewOptions = {}): Promise<LiveDataFile[]> {
  const files = await liveFiles(table, lakeTable, options);
  const select = parquetSelect(lakeTable, currentSchema(table.metadata), files.map((f) => localPath(f.path)), options.columns);
  await connection.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdentifier(name)} AS ${select}`);
  return files;
}
