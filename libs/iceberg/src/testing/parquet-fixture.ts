// Test fixture: real Parquet data files, written by DuckDB with Iceberg field ids into a table's data folder.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbType, quoteIdentifier, type LogicalType } from '@datamaster/lake-manifest';
import type { IcebergTable } from '../catalog/table.js';
import type { DataFile, PartitionValues } from '../manifest/data-file.js';
import { partitionPath } from '../manifest/partition.js';
import { currentSchema, defaultSpec } from '../metadata/metadata-file.js';
import { duckdbFieldIds, parquetDataFile, sqlString } from '../stats/parquet-data-file.js';

/** A varied value of each type for row number `i` of DuckDB's range(). */
export const VALUE_OF_TYPE: Readonly<Record<LogicalType, string>> = {
  boolean: 'i % 2 = 0',
  int: '(i * 7 - 20)::INTEGER',
  long: '(i * 1000003)::BIGINT',
  double: '(i * 0.25 - 3)::DOUBLE',
  string: "'v' || lpad(i::VARCHAR, 3, '0')",
  date: "DATE '2024-01-01' + (i * 3)::INTEGER",
  timestamptz: 'to_timestamp(1704067200 + i * 1.5)',
};

/**
 * Writes rows `first`…`first + rows - 1` of the partition as a Parquet file under the table's data folder:
 * partition columns hold the partition's values, the others VALUE_OF_TYPE (so rows of a table are distinct).
 */
export async function writeParquetDataFile(connection: DuckDBConnection, table: IcebergTable, partition: PartitionValues, first: number, rows: number): Promise<DataFile> {
  const schema = currentSchema(table.metadata);
  const spec = defaultSpec(table.metadata);
  const select = schema.fields.map((field) => {
    const partitionField = spec.fields.find((p) => p['source-id'] === field.id);
    const value = partitionField === undefined ? VALUE_OF_TYPE[field.type] : `CAST(${literal(partition[partitionField.name] ?? null)} AS ${duckdbType(field.type)})`;
    return `${value} AS ${quoteIdentifier(field.name)}`;
  });
  const location = `${table.metadata.location}/data/${partitionPath(spec, partition)}/${randomUUID()}.parquet`;
  const path = fileURLToPath(location);
  await mkdir(dirname(path), { recursive: true });
  await connection.run(`COPY (SELECT ${select.join(', ')} FROM range(${first}, ${first + rows}) t(i)) TO ${sqlString(path)} (FORMAT parquet, FIELD_IDS ${duckdbFieldIds(schema)})`);
  return parquetDataFile(connection, { path, location, partition, schema });
}

const literal = (value: PartitionValues[string]) => (value === null ? 'NULL' : typeof value === 'string' ? sqlString(value) : String(value));
