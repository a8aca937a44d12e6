// Writes a query's rows as Parquet data files of an Iceberg table, one or more per partition, with the
// field ids Iceberg readers resolve columns by, and describes them (stats from the footers) for a commit.
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbFieldIds, localLocation, parquetDataFiles, type DataFile, type IcebergTable, type PartitionValue, type PartitionValues } from '@datamaster/iceberg';
import { duckdbType, icebergSchema, type LakeTable } from '@datamaster/lake-manifest';
import { localPath, quoteIdentifier, sqlString } from './sql.js';

// DuckDB's name for a null partition value in Hive-style paths.
const HIVE_NULL = '__HIVE_DEFAULT_PARTITION__';

export interface WrittenFiles {
  readonly files: DataFile[];
  readonly rows: number;
  readonly bytes: number;
}

/** `query` must produce every column of the table (by name); the rows are cast to the table's types. */
export async function writeDataFiles(connection: DuckDBConnection, table: IcebergTable, lakeTable: LakeTable, query: string, writeId: string): Promise<WrittenFiles> {
  const schema = icebergSchema(lakeTable);
  const select = lakeTable.columns.map((c) => `CAST(${quoteIdentifier(c.name)} AS ${duckdbType(c.type)}) AS ${quoteIdentifier(c.name)}`).join(', ');
  const rows = `SELECT ${select} FROM (${query})`;
  const dataDir = join(localPath(table.metadata.location), 'data');
  await mkdir(dataDir, { recursive: true });
  const options = `FORMAT parquet, COMPRESSION zstd, FIELD_IDS ${duckdbFieldIds(schema)}`;
  let paths: string[];
  if (lakeTable.partitionBy.length === 0) {
    const path = join(dataDir, `${writeId}-${randomUUID()}.parquet`);
    const [result] = (await connection.runAndReadAll(`COPY (${rows}) TO ${sqlString(path)} (${options})`)).getRowObjectsJson() as { Count?: string | number }[];
    // An empty table is no file at all, not an empty one.
    if (Number(result?.Count ?? 0) === 0) {
      await rm(path, { force: true });
      paths = [];
    } else paths = [path];
  } else {
    const by = lakeTable.partitionBy.map((p) => quoteIdentifier(p.column)).join(', ');
    const [result] = (
      await connection.runAndReadAll(
        `COPY (${rows}) TO ${sqlString(dataDir)} (${options}, PARTITION_BY (${by}), WRITE_PARTITION_COLUMNS true, APPEND true, FILENAME_PATTERN ${sqlString(`${writeId}-{uuid}`)}, RETURN_FILES true)`,
      )
    ).getRowObjectsJson() as { Files?: string[] }[];
    paths = result?.Files ?? [];
  }
  const files = await parquetDataFiles(
    connection,
    paths.map((path) => ({ path, location: localLocation(path), partition: partitionOfPath(lakeTable, dataDir, path), schema })),
  );
  return { files, rows: files.reduce((n, f) => n + f.recordCount, 0), bytes: files.reduce((n, f) => n + f.fileSizeInBytes, 0) };
}

/** The partition values DuckDB encoded in a file's Hive-style folders (col=value/…). */
function partitionOfPath(lakeTable: LakeTable, dataDir: string, path: string): PartitionValues {
  const folders = relative(dataDir, path).split(sep).slice(0, -1);
  const values: Record<string, PartitionValue> = {};
  for (const field of lakeTable.partitionBy) {
    const folder = folders.find((f) => f.startsWith(`${field.column}=`));
    if (folder === undefined) throw new Error(`DuckDB wrote ${path} without a ${field.column}= folder`);
    const text = decodeURIComponent(folder.slice(field.column.length + 1));
    const type = lakeTable.columns.find((c) => c.name === field.column)?.type;
    values[field.column] = text === HIVE_NULL ? null : type === 'int' || type === 'long' ? Number(text) : text;
  }
  return values;
}
