// Iceberg catalog in a SQLite file, in the JDBC/PyIceberg SqlCatalog layout. Commits are a
// compare-and-set on metadata_location, so concurrent writers can never lose each other's snapshots.
import Database from 'better-sqlite3';
import type { LakeTable } from '@datamaster/lake-manifest';
import { CommitConflictError, NamespaceAlreadyExistsError, NoSuchNamespaceError, NoSuchTableError, TableAlreadyExistsError } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import { LocalFileIO } from '../io/local-file-io.js';
import { readMetadataFile } from '../metadata/metadata-file.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import type { Catalog, CreateTableOptions } from './catalog.js';
import { IS_TABLE, SQLITE_CATALOG_DDL, SQLITE_CATALOG_V1_MIGRATION } from './sqlite-schema.js';
import { stageCommit, stageNewTable } from './staged-metadata.js';
import { tableName, type IcebergTable, type TableIdentifier } from './table.js';

export interface SqliteCatalogOptions {
  /** The SQLite database file (created if missing). */
  readonly path: string;
  /** Root of new tables, as a URI (file:///…). */
  readonly warehouse: string;
  readonly name?: string;
  readonly io?: FileIO;
}

export class SqliteCatalog implements Catalog {
  readonly name: string;
  private readonly db: Database.Database;
  private readonly warehouse: string;
  private readonly io: FileIO;

  constructor(options: SqliteCatalogOptions) {
    this.name = options.name ?? 'default';
    this.warehouse = options.warehouse.replace(/\/+$/, '');
    this.io = options.io ?? new LocalFileIO();
    this.db = new Database(options.path);
    // Another process may hold the write lock for a moment; wait rather than fail. Set first: switching to WAL
    // needs the lock too, and several commands may open a new catalog at once.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    for (const ddl of SQLITE_CATALOG_DDL) this.db.exec(ddl);
    const columns = this.db.prepare('PRAGMA table_info(iceberg_tables)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'iceberg_type')) this.db.exec(SQLITE_CATALOG_V1_MIGRATION);
  }

  close(): void {
    this.db.close();
  }

  async createNamespace(namespace: string, properties: Readonly<Record<string, string>> = {}): Promise<void> {
    // PyIceberg records a namespace without properties as {"exists": "true"}; keep that so it sees it.
    const entries = Object.entries(Object.keys(properties).length === 0 ? { exists: 'true' } : properties);
    const insert = this.db.prepare('INSERT INTO iceberg_namespace_properties (catalog_name, namespace, property_key, property_value) VALUES (?, ?, ?, ?)');
    // Checked and created under the write lock (IMMEDIATE): of two processes creating it at once, the second finds it.
    this.db
      .transaction(() => {
        if (this.namespaceExists(namespace)) throw new NamespaceAlreadyExistsError(namespace);
        entries.forEach(([key, value]) => insert.run(this.name, namespace, key, value));
      })
      .immediate();
  }

  async listNamespaces(): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT namespace FROM iceberg_namespace_properties WHERE catalog_name = ?
         UNION SELECT table_namespace FROM iceberg_tables WHERE catalog_name = ? ORDER BY 1`,
      )
      .all(this.name, this.name) as { namespace: string }[];
    return rows.map((r) => r.namespace);
  }

  async listTables(namespace: string): Promise<TableIdentifier[]> {
    if (!this.namespaceExists(namespace)) throw new NoSuchNamespaceError(namespace);
    const rows = this.db
      .prepare(`SELECT table_name FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND ${IS_TABLE} ORDER BY table_name`)
      .all(this.name, namespace) as { table_name: string }[];
    return rows.map((r) => ({ namespace, name: r.table_name }));
  }

  async createTable(identifier: TableIdentifier, table: LakeTable, options: CreateTableOptions = {}): Promise<IcebergTable> {
    if (!this.namespaceExists(identifier.namespace)) throw new NoSuchNamespaceError(identifier.namespace);
    const existing = this.currentLocation(identifier);
    if (existing !== undefined) throw new TableAlreadyExistsError(tableName(identifier), existing);
    const location = options.location ?? `${this.warehouse}/${identifier.namespace}.db/${identifier.name}`;
    const { metadataLocation, metadata } = await stageNewTable(this.io, table, location, options.properties);
    try {
      this.db
        .prepare(`INSERT INTO iceberg_tables (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type)
           VALUES (?, ?, ?, ?, NULL, 'TABLE')`)
        .run(this.name, identifier.namespace, identifier.name, metadataLocation);
    } catch (error) {
      // Lost a creation race: the other creator's table stands; ours was never visible.
      await this.io.delete(metadataLocation);
      const winner = this.currentLocation(identifier);
      if (winner !== undefined) throw new TableAlreadyExistsError(tableName(identifier), winner);
      throw error;
    }
    return { identifier, metadataLocation, metadata, io: this.io };
  }

  async loadTable(identifier: TableIdentifier): Promise<IcebergTable> {
    const metadataLocation = this.currentLocation(identifier);
    if (metadataLocation === undefined) throw new NoSuchTableError(tableName(identifier));
    return { identifier, metadataLocation, metadata: await readMetadataFile(this.io, metadataLocation), io: this.io };
  }

  async commitTable(base: IcebergTable, metadata: TableMetadata): Promise<IcebergTable> {
    const { metadataLocation, metadata: committed } = await stageCommit(this.io, base, metadata);
    const { changes } = this.db
      .prepare(
        `UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ?
         WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ? AND ${IS_TABLE}`,
      )
      .run(metadataLocation, base.metadataLocation, this.name, base.identifier.namespace, base.identifier.name, base.metadataLocation);
    if (changes === 0) {
      // Never referenced by the catalog, so no reader can have seen it.
      await this.io.delete(metadataLocation);
      throw new CommitConflictError(tableName(base.identifier), base.metadataLocation, this.currentLocation(base.identifier));
    }
    return { identifier: base.identifier, metadataLocation, metadata: committed, io: this.io };
  }

  private namespaceExists(namespace: string): boolean {
    const row = this.db
      .prepare(
        `SELECT 1 FROM iceberg_namespace_properties WHERE catalog_name = ? AND namespace = ?
         UNION SELECT 1 FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? LIMIT 1`,
      )
      .get(this.name, namespace, this.name, namespace);
    return row !== undefined;
  }

  private currentLocation(identifier: TableIdentifier): string | undefined {
    const row = this.db
      .prepare(`SELECT metadata_location FROM iceberg_tables WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND ${IS_TABLE}`)
      .get(this.name, identifier.namespace, identifier.name) as { metadata_location: string | null } | undefined;
    return row?.metadata_location ?? undefined;
  }
}
