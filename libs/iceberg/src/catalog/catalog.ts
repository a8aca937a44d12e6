// What the platform needs from an Iceberg catalog; the SQLite catalog implements it locally, Glue on AWS.
import type { LakeTable } from '@datamaster/lake-manifest';
import type { TableMetadata } from '../metadata/table-metadata.js';
import type { IcebergTable, TableIdentifier } from './table.js';

export interface CreateTableOptions {
  /** Defaults to <warehouse>/<namespace>.db/<name>, as PyIceberg lays tables out. */
  readonly location?: string;
  readonly properties?: Readonly<Record<string, string>>;
}

export interface Catalog {
  readonly name: string;
  createNamespace(namespace: string, properties?: Readonly<Record<string, string>>): Promise<void>;
  listNamespaces(): Promise<string[]>;
  listTables(namespace: string): Promise<TableIdentifier[]>;
  /** Creates the table with the schema and partition spec the lake manifest declares for it. */
  createTable(identifier: TableIdentifier, table: LakeTable, options?: CreateTableOptions): Promise<IcebergTable>;
  loadTable(identifier: TableIdentifier): Promise<IcebergTable>;
  /**
   * Makes `metadata` (derived from `base.metadata`) current, if and only if `base` is still current.
   * Throws CommitConflictError otherwise; the caller reloads and re-applies (see commitWithRetry).
   */
  commitTable(base: IcebergTable, metadata: TableMetadata): Promise<IcebergTable>;
}
