import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitConflictError, NamespaceAlreadyExistsError, NoSuchNamespaceError, NoSuchTableError, TableAlreadyExistsError } from '../errors.js';
import { localLocation } from '../io/local-file-io.js';
import { SqliteCatalog } from './sqlite-catalog.js';
import { appendFiles } from '../ops/append-files.js';
import { catalogFixture, createPartitionedTable, partitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

describe('SqliteCatalog layout', () => {
  it('creates the PyIceberg SqlCatalog tables with their columns and primary keys, in WAL mode', () => {
    const db = new Database(join(fx.dir, 'catalog.db'), { readonly: true });
    try {
      const columns = (table: string) =>
        (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string; notnull: number; pk: number }[]).map((c) => [c.name, c.type, c.notnull, c.pk]);
      expect(columns('iceberg_tables')).toEqual([
        ['catalog_name', 'VARCHAR(255)', 1, 1],
        ['table_namespace', 'VARCHAR(255)', 1, 2],
        ['table_name', 'VARCHAR(255)', 1, 3],
        ['metadata_location', 'VARCHAR(1000)', 0, 0],
        ['previous_metadata_location', 'VARCHAR(1000)', 0, 0],
        ['iceberg_type', 'VARCHAR(5)', 0, 0],
      ]);
      expect(columns('iceberg_namespace_properties')).toEqual([
        ['catalog_name', 'VARCHAR(255)', 1, 1],
        ['namespace', 'VARCHAR(255)', 1, 2],
        ['property_key', 'VARCHAR(255)', 1, 3],
        ['property_value', 'VARCHAR(1000)', 1, 0],
      ]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });
});

describe('SqliteCatalog on a v0 catalog file', () => {
  it('adds iceberg_type, as the v1 migration does, and still sees the v0 rows as tables', async () => {
    const path = join(fx.dir, 'v0.db');
    const v0 = new Database(path);
    v0.exec(`CREATE TABLE iceberg_tables (catalog_name VARCHAR(255) NOT NULL, table_namespace VARCHAR(255) NOT NULL, table_name VARCHAR(255) NOT NULL,
      metadata_location VARCHAR(1000), previous_metadata_location VARCHAR(1000), PRIMARY KEY (catalog_name, table_namespace, table_name))`);
    v0.prepare("INSERT INTO iceberg_tables VALUES ('test', 'legacy', 'old', 'file:///x/metadata/00000-a.metadata.json', NULL)").run();
    v0.close();
    const catalog = new SqliteCatalog({ path, warehouse: localLocation(join(fx.dir, 'v0-warehouse')), name: 'test' });
    try {
      expect(await catalog.listTables('legacy')).toEqual([{ namespace: 'legacy', name: 'old' }]);
    } finally {
      catalog.close();
    }
    const db = new Database(path, { readonly: true });
    const columns = (db.prepare('PRAGMA table_info(iceberg_tables)').all() as { name: string }[]).map((c) => c.name);
    db.close();
    expect(columns).toContain('iceberg_type');
  });
});

describe('SqliteCatalog namespaces and tables', () => {
  it('creates and lists namespaces, recording an empty one as exists=true like PyIceberg', async () => {
    await fx.catalog.createNamespace('silver');
    await fx.catalog.createNamespace('bronze', { owner: 'data-platform' });
    await expect(fx.catalog.createNamespace('silver')).rejects.toThrow(NamespaceAlreadyExistsError);
    expect(await fx.catalog.listNamespaces()).toEqual(['bronze', 'silver']);
    const db = new Database(join(fx.dir, 'catalog.db'), { readonly: true });
    const rows = db.prepare('SELECT namespace, property_key, property_value FROM iceberg_namespace_properties WHERE catalog_name = ? ORDER BY namespace').all('test');
    db.close();
    expect(rows).toEqual([
      { namespace: 'bronze', property_key: 'owner', property_value: 'data-platform' },
      { namespace: 'silver', property_key: 'exists', property_value: 'true' },
    ]);
  });

  it('creates, lists and loads tables at <warehouse>/<namespace>.db/<name>', async () => {
    const created = await createPartitionedTable(fx.catalog, 'crud');
    expect(created.metadata.location).toBe(localLocation(join(fx.dir, 'warehouse', 'gold.db', 'crud')));
    expect(created.metadataLocation).toMatch(/\/gold\.db\/crud\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/);
    expect(await fx.catalog.listTables('gold')).toContainEqual({ namespace: 'gold', name: 'crud' });
    const loaded = await fx.catalog.loadTable({ namespace: 'gold', name: 'crud' });
    expect(loaded.metadataLocation).toBe(created.metadataLocation);
    expect(loaded.metadata).toEqual(created.metadata);
    await expect(createPartitionedTable(fx.catalog, 'crud')).rejects.toThrow(TableAlreadyExistsError);
  });

  it('names the missing namespace or table in its errors', async () => {
    await expect(fx.catalog.createTable({ namespace: 'nope', name: 't' }, partitionedTable())).rejects.toThrow(NoSuchNamespaceError);
    await expect(fx.catalog.listTables('nope')).rejects.toThrow(/"nope"/);
    await expect(fx.catalog.loadTable({ namespace: 'gold', name: 'missing' })).rejects.toThrow(NoSuchTableError);
    await expect(fx.catalog.loadTable({ namespace: 'gold', name: 'missing' })).rejects.toThrow('gold.missing');
  });
});

describe('SqliteCatalog commits', () => {
  it('moves metadata_location forward and keeps the previous one', async () => {
    const base = await createPartitionedTable(fx.catalog, 'commits');
    const file = await writeDataFile(base, { review_year: 2024, review_month: 1 }, 3);
    const next = await fx.catalog.commitTable(base, await appendFiles(base, [file]));
    expect(next.metadataLocation).toMatch(/\/metadata\/00001-[0-9a-f-]{36}\.metadata\.json$/);
    expect(next.metadata['metadata-log']).toEqual([{ 'timestamp-ms': base.metadata['last-updated-ms'], 'metadata-file': base.metadataLocation }]);
    const db = new Database(join(fx.dir, 'catalog.db'), { readonly: true });
    const row = db.prepare("SELECT metadata_location, previous_metadata_location FROM iceberg_tables WHERE table_name = 'commits'").get();
    db.close();
    expect(row).toEqual({ metadata_location: next.metadataLocation, previous_metadata_location: base.metadataLocation });
  });

  it('rejects a commit built on a stale base with CommitConflictError and leaves no metadata file behind', async () => {
    const base = await createPartitionedTable(fx.catalog, 'stale');
    const first = await appendFiles(base, [await writeDataFile(base, { review_year: 2024, review_month: 1 }, 1)]);
    const second = await appendFiles(base, [await writeDataFile(base, { review_year: 2024, review_month: 2 }, 1)]);
    const winner = await fx.catalog.commitTable(base, first);
    const metadataFiles = async () => (await base.io.list(`${base.metadata.location}/metadata`)).map((f) => f.location).filter((f) => f.endsWith('.metadata.json'));
    const before = await metadataFiles();
    const conflict = await fx.catalog.commitTable(base, second).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(CommitConflictError);
    expect((conflict as CommitConflictError).actualMetadataLocation).toBe(winner.metadataLocation);
    expect(await metadataFiles()).toEqual(before);
    expect((await fx.catalog.loadTable(base.identifier)).metadataLocation).toBe(winner.metadataLocation);
  });
});
