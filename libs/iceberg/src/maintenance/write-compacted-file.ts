// One compaction output: DuckDB reads a partition's small files and writes their rows as one Parquet file
// with Iceberg field ids, which is then uploaded through the table's FileIO (so any store works).
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, type IcebergPartitionSpec, type IcebergSchema } from '@datamaster/lake-manifest';
import type { IcebergTable } from '../catalog/table.js';
import type { DataFile } from '../manifest/data-file.js';
import { partitionPath } from '../manifest/partition.js';
import { readParquetByFieldId } from '../scan/read-by-field-id.js';
import { duckdbFieldIds, parquetDataFile, sqlString } from '../stats/parquet-data-file.js';
import type { CompactionGroup } from './compaction-plan.js';

/** Local files as paths; other schemes (s3://) as they are, for DuckDB's own readers. */
const duckdbPath = (location: string) => (location.startsWith('file:') ? fileURLToPath(location) : location);

export async function writeCompactedFile(
  table: IcebergTable,
  connection: DuckDBConnection,
  layout: { readonly schema: IcebergSchema; readonly spec: IcebergPartitionSpec },
  group: CompactionGroup,
): Promise<DataFile> {
  const folder = partitionPath(layout.spec, group.partition);
  const location = `${table.metadata.location}/data/${folder === '' ? '' : `${folder}/`}${randomUUID()}.parquet`;
  // By field id, with the current schema: inputs written before a schema change are read as the current columns.
  const inputs = readParquetByFieldId(group.files.map((f) => duckdbPath(f.path)), layout.schema.fields);
  const columns = layout.schema.fields.map((f) => quoteIdentifier(f.name)).join(', ');
  const dir = await mkdtemp(join(tmpdir(), 'iceberg-compaction-'));
  try {
    const path = join(dir, 'compacted.parquet');
    await connection.run(
      `COPY (SELECT ${columns} FROM ${inputs}) TO ${sqlString(path)} ` +
        `(FORMAT parquet, FIELD_IDS ${duckdbFieldIds(layout.schema)})`,
    );
    const file = await parquetDataFile(connection, { path, location, partition: group.partition, schema: layout.schema });
    await table.io.write(location, await readFile(path));
    return file;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
