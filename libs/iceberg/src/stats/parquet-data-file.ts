// A DataFile with column statistics, read from a Parquet file's footer through DuckDB (no data scan).
import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { IcebergSchema } from '@datamaster/lake-manifest';
import { compareValues, type PrimitiveValue } from '../avro/single-value.js';
import { InvalidDataFileError } from '../errors.js';
import type { DataFile, PartitionValues } from '../manifest/data-file.js';
import { parseStat } from './parse-stat.js';

export interface ParquetDataFileInput {
  /** Local path DuckDB reads the file from. */
  readonly path: string;
  /** Location URI written into the manifest. */
  readonly location: string;
  readonly partition: PartitionValues;
  readonly schema: IcebergSchema;
}

interface ColumnChunk {
  field_id: number | null;
  name: string;
  total_compressed_size: number;
  num_values: number;
  stats_null_count: number | null;
  stats_min_value: string | null;
  stats_max_value: string | null;
}

/** A DuckDB string literal. */
export const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Requires Parquet field ids (DuckDB: COPY … (FORMAT parquet, FIELD_IDS {...}), see duckdbFieldIds):
 * Iceberg readers resolve columns by id, so a file without them would be unreadable to them.
 */
export async function parquetDataFile(connection: DuckDBConnection, input: ParquetDataFileInput): Promise<DataFile> {
  const [file] = await parquetDataFiles(connection, [input]);
  return file as DataFile;
}

/** parquetDataFile for many files in two footer queries: a commit of hundreds of partitions stays quick. */
export async function parquetDataFiles(connection: DuckDBConnection, inputs: readonly ParquetDataFileInput[]): Promise<DataFile[]> {
  if (inputs.length === 0) return [];
  const files = `[${inputs.map((i) => sqlString(i.path)).join(', ')}]`;
  const chunks = (
    await connection.runAndReadAll(
      `SELECT m.file_name, s.field_id::INTEGER AS field_id, m.path_in_schema AS name, m.total_compressed_size::BIGINT AS total_compressed_size,
              m.num_values::BIGINT AS num_values, m.stats_null_count::BIGINT AS stats_null_count, m.stats_min_value, m.stats_max_value
       FROM parquet_metadata(${files}) m LEFT JOIN parquet_schema(${files}) s ON s.file_name = m.file_name AND s.name = m.path_in_schema`,
    )
  ).getRowObjectsJson() as unknown as (ColumnChunk & { file_name: string })[];
  const rows = (await connection.runAndReadAll(`SELECT file_name, num_rows::BIGINT AS num_rows FROM parquet_file_metadata(${files})`)).getRowObjectsJson() as unknown as {
    file_name: string;
    num_rows: number;
  }[];
  const chunksByFile = new Map<string, ColumnChunk[]>();
  for (const chunk of chunks) chunksByFile.set(chunk.file_name, [...(chunksByFile.get(chunk.file_name) ?? []), chunk]);
  const rowsByFile = new Map(rows.map((r) => [r.file_name, Number(r.num_rows)]));
  return Promise.all(inputs.map((input) => describeFile(input, chunksByFile.get(input.path) ?? [], rowsByFile.get(input.path) ?? 0)));
}

async function describeFile(input: ParquetDataFileInput, chunks: readonly ColumnChunk[], rows: number): Promise<DataFile> {
  const columnSizes: Record<number, number> = {};
  const valueCounts: Record<number, number> = {};
  const nullValueCounts: Record<number, number> = {};
  const lowerBounds: Record<number, PrimitiveValue> = {};
  const upperBounds: Record<number, PrimitiveValue> = {};
  const noBounds = new Set<number>();
  for (const chunk of chunks) {
    if (chunk.field_id === null) {
      throw new InvalidDataFileError(input.location, `Parquet column "${chunk.name}" has no field id; write it with COPY … (FORMAT parquet, FIELD_IDS ${duckdbFieldIds(input.schema)})`);
    }
    const id = Number(chunk.field_id);
    const type = input.schema.fields.find((f) => f.id === id)?.type;
    if (type === undefined) throw new InvalidDataFileError(input.location, `Parquet column "${chunk.name}" has field id ${id}, which schema ${input.schema['schema-id']} does not have`);
    columnSizes[id] = (columnSizes[id] ?? 0) + Number(chunk.total_compressed_size);
    valueCounts[id] = (valueCounts[id] ?? 0) + Number(chunk.num_values);
    if (chunk.stats_null_count !== null) nullValueCounts[id] = (nullValueCounts[id] ?? 0) + Number(chunk.stats_null_count);
    const min = chunk.stats_min_value === null ? undefined : parseStat(type, chunk.stats_min_value);
    const max = chunk.stats_max_value === null ? undefined : parseStat(type, chunk.stats_max_value);
    // A row group without usable bounds (all nulls, or unreadable) makes the file's bounds unknown.
    if (min === undefined || max === undefined) noBounds.add(id);
    else {
      const lower = lowerBounds[id];
      const upper = upperBounds[id];
      if (lower === undefined || compareValues(min, lower) < 0) lowerBounds[id] = min;
      if (upper === undefined || compareValues(max, upper) > 0) upperBounds[id] = max;
    }
  }
  for (const id of noBounds) {
    delete lowerBounds[id];
    delete upperBounds[id];
  }
  return {
    path: input.location,
    partition: input.partition,
    recordCount: Number(rows),
    fileSizeInBytes: (await stat(input.path)).size,
    metrics: { columnSizes, valueCounts, nullValueCounts, lowerBounds, upperBounds },
  };
}

/** The FIELD_IDS option of DuckDB's Parquet COPY for a schema: {name: id, ...}. */
export function duckdbFieldIds(schema: IcebergSchema): string {
  return `{${schema.fields.map((f) => `${f.name}: ${f.id}`).join(', ')}}`;
}
