// A snapshot of an Iceberg table as a DuckDB temp view over its live Parquet files, optionally only
// the files of some partitions (partition pruning from the manifests, before any file is opened).
import type { DuckDBConnection } from '@duckdb/node-api';
import { currentDataFiles, type IcebergTable, type LiveDataFile, type PartitionValues, type SnapshotId } from '@datamaster/iceberg';
import { duckdbType, type LakeTable } from '@datamaster/lake-manifest';
import { localPath, quoteIdentifier, sqlList } from './sql.js';

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

/** The SELECT over some Parquet files with the table's columns and types (an empty relation for no files). */
export function parquetSelect(lakeTable: LakeTable, paths: readonly string[], columns?: readonly string[]): string {
  const wanted = (columns ?? lakeTable.columns.map((c) => c.name)).map((name) => {
    const column = lakeTable.columns.find((c) => c.name === name);
    if (column === undefined) throw new Error(`${lakeTable.ref} has no column "${name}"`);
    return column;
  });
  const select = wanted.map((c) => (paths.length === 0 ? `CAST(NULL AS ${duckdbType(c.type)})` : `CAST(${quoteIdentifier(c.name)} AS ${duckdbType(c.type)})`) + ` AS ${quoteIdentifier(c.name)}`);
  return paths.length === 0
    ? `SELECT ${select.join(', ')} WHERE false`
    : `SELECT ${select.join(', ')} FROM read_parquet(${sqlList(paths)}, hive_partitioning = false, union_by_name = true)`;
}

export async function createTableView(connection: DuckDBConnection, name: string, table: IcebergTable, lakeTable: LakeTable, options: TableViewOptions = {}): Promise<LiveDataFile[]> {
  const files = await liveFiles(table, lakeTable, options);
  await connection.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdentifier(name)} AS ${parquetSelect(lakeTable, files.map((f) => localPath(f.path)), options.columns)}`);
  return files;
}
