// Test fixture: a SQLite catalog and warehouse in a temp dir, and data files to commit.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTable, lakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import type { Catalog } from '../catalog/catalog.js';
import { SqliteCatalog } from '../catalog/sqlite-catalog.js';
import type { IcebergTable, TableIdentifier } from '../catalog/table.js';
import { localLocation } from '../io/local-file-io.js';
import type { DataFile, PartitionValues } from '../manifest/data-file.js';

export interface CatalogFixture {
  readonly dir: string;
  readonly catalog: SqliteCatalog;
  /** Another connection to the same catalog file, as a second writer process would have. */
  openCatalog(): SqliteCatalog;
  dispose(): Promise<void>;
}

export async function catalogFixture(): Promise<CatalogFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'iceberg-test-'));
  const opened: SqliteCatalog[] = [];
  const openCatalog = () => {
    const catalog = new SqliteCatalog({ path: join(dir, 'catalog.db'), warehouse: localLocation(join(dir, 'warehouse')), name: 'test' });
    opened.push(catalog);
    return catalog;
  };
  const catalog = openCatalog();
  return {
    dir,
    catalog,
    openCatalog,
    dispose: async () => {
      opened.forEach((c) => c.close());
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A gold table: partitioned by review_year and review_month (both int). */
export const partitionedTable = (): LakeTable => getTable(lakeManifest(), 'gold.top_beers_by_rating');
export const unpartitionedTable = (): LakeTable => getTable(lakeManifest(), 'silver.beer');

export async function createPartitionedTable(catalog: Catalog, name = 'top_beers_by_rating'): Promise<IcebergTable> {
  const identifier: TableIdentifier = { namespace: 'gold', name };
  if (!(await catalog.listNamespaces()).includes('gold')) await catalog.createNamespace('gold');
  return catalog.createTable(identifier, partitionedTable());
}

/** Writes a (non-Parquet) placeholder file under the table's data folder and describes it. */
export async function writeDataFile(table: IcebergTable, partition: PartitionValues, recordCount: number): Promise<DataFile> {
  const bytes = new TextEncoder().encode(`rows=${recordCount} ${randomUUID()}`);
  const folder = Object.entries(partition).map(([k, v]) => `${k}=${String(v)}`).join('/');
  const path = `${table.metadata.location}/data/${folder}/${randomUUID()}.parquet`;
  await table.io.write(path, bytes);
  return { path, partition, recordCount, fileSizeInBytes: bytes.byteLength };
}
