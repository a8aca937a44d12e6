// Iceberg catalog in the AWS Glue Data Catalog, in the layout of Iceberg's GlueCatalog and PyIceberg's: a Glue
// database per namespace, a Glue table per Iceberg table whose parameters point at its current metadata file.
import {
  AlreadyExistsException,
  ConcurrentModificationException,
  CreateDatabaseCommand,
  CreateTableCommand,
  EntityNotFoundException,
  GetDatabaseCommand,
  GetTableCommand,
  GlueClient,
  paginateGetDatabases,
  paginateGetTables,
  UpdateTableCommand,
  type Database,
  type GlueClientConfig,
  type Table as GlueTable,
} from '@aws-sdk/client-glue';
import type { LakeTable } from '@datamaster/lake-manifest';
import { CommitConflictError, NamespaceAlreadyExistsError, NoSuchNamespaceError, NoSuchTableError, TableAlreadyExistsError } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import { S3FileIO } from '../io/s3-file-io.js';
import { readMetadataFile } from '../metadata/metadata-file.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import type { Catalog, CreateTableOptions } from './catalog.js';
import { glueDatabaseInput, glueName, glueTableInput, icebergMetadataLocation, isIcebergTable, METADATA_LOCATION } from './glue-table-input.js';
import { stageCommit, stageNewTable } from './staged-metadata.js';
import { tableName, type IcebergTable, type TableIdentifier } from './table.js';

export interface GlueCatalogOptions {
  /** A client to use (the caller keeps ownership), or the config of one this catalog creates and destroys on close(). */
  readonly glue?: GlueClient | GlueClientConfig;
  /** Root of new tables whose Glue database has no LocationUri: s3://bucket[/prefix]. */
  readonly warehouse: string;
  /** Defaults to an S3FileIO with the default AWS configuration, closed with the catalog. */
  readonly io?: FileIO;
  /** The AWS account id of the Glue Data Catalog to use; defaults to the caller's account. */
  readonly catalogId?: string;
  readonly name?: string;
}

const withoutTrailingSlash = (uri: string) => uri.replace(/\/+$/, '');

export class GlueCatalog implements Catalog {
  readonly name: string;
  private readonly glue: GlueClient;
  private readonly ownsGlue: boolean;
  private readonly io: FileIO;
  private readonly ownedIo: S3FileIO | undefined;
  private readonly warehouse: string;
  private readonly catalog: { CatalogId?: string };
  /** The Glue VersionId each table loadTable returned was read at; its commit requires Glue to be still at it. */
  private readonly loadedVersions = new WeakMap<IcebergTable, string>();

  constructor(options: GlueCatalogOptions) {
    this.name = options.name ?? 'glue';
    const glue = options.glue ?? {};
    this.ownsGlue = !(glue instanceof GlueClient);
    this.glue = glue instanceof GlueClient ? glue : new GlueClient(glue);
    if (options.io === undefined) {
      this.ownedIo = new S3FileIO();
      this.io = this.ownedIo;
    } else {
      this.ownedIo = undefined;
      this.io = options.io;
    }
    this.warehouse = withoutTrailingSlash(options.warehouse);
    this.catalog = options.catalogId === undefined ? {} : { CatalogId: options.catalogId };
  }

  /** Destroys the Glue client and the S3FileIO if this catalog created them. */
  close(): void {
    if (this.ownsGlue) this.glue.destroy();
    this.ownedIo?.close();
  }

  /** Properties `location` and `comment` become the database's LocationUri and Description, as in Iceberg's GlueCatalog. */
  async createNamespace(namespace: string, properties: Readonly<Record<string, string>> = {}): Promise<void> {
    try {
      await this.glue.send(new CreateDatabaseCommand({ ...this.catalog, DatabaseInput: glueDatabaseInput(glueName('database', namespace), properties) }));
    } catch (error) {
      if (error instanceof AlreadyExistsException) throw new NamespaceAlreadyExistsError(namespace);
      throw error;
    }
  }

  async listNamespaces(): Promise<string[]> {
    const names: string[] = [];
    for await (const page of paginateGetDatabases({ client: this.glue }, { ...this.catalog })) {
      names.push(...(page.DatabaseList ?? []).flatMap((database) => (database.Name === undefined ? [] : [database.Name])));
    }
    return names.sort();
  }

  /** Only the Iceberg tables: a Glue database may also hold Hive, Delta or view entries. */
  async listTables(namespace: string): Promise<TableIdentifier[]> {
    const names: string[] = [];
    try {
      for await (const page of paginateGetTables({ client: this.glue }, { ...this.catalog, DatabaseName: namespace })) {
        names.push(...(page.TableList ?? []).filter(isIcebergTable).flatMap((table) => (table.Name === undefined ? [] : [table.Name])));
      }
    } catch (error) {
      if (error instanceof EntityNotFoundException) throw new NoSuchNamespaceError(namespace);
      throw error;
    }
    return names.sort().map((name) => ({ namespace, name }));
  }

  /** Lays the table out at options.location, else under the database's LocationUri, else <warehouse>/<namespace>.db/<name>. */
  async createTable(identifier: TableIdentifier, table: LakeTable, options: CreateTableOptions = {}): Promise<IcebergTable> {
    const name = glueName('table', identifier.name);
    const database = await this.database(identifier.namespace);
    const location =
      options.location ?? (database.LocationUri ? `${withoutTrailingSlash(database.LocationUri)}/${name}` : `${this.warehouse}/${identifier.namespace}.db/${name}`);
    const staged = await stageNewTable(this.io, table, location, options.properties);
    try {
      await this.glue.send(new CreateTableCommand({ ...this.catalog, DatabaseName: identifier.namespace, TableInput: glueTableInput(name, staged) }));
    } catch (error) {
      if (error instanceof AlreadyExistsException) {
        // Lost to another creator: theirs stands, ours was never visible.
        await this.io.delete(staged.metadataLocation);
        const winner = await this.glueTable(identifier);
        throw new TableAlreadyExistsError(tableName(identifier), winner?.Parameters?.[METADATA_LOCATION] ?? '(none: not an Iceberg table)');
      }
      if (error instanceof EntityNotFoundException) {
        await this.io.delete(staged.metadataLocation);
        throw new NoSuchNamespaceError(identifier.namespace);
      }
      // Whether Glue created the table is unknown, so the metadata file stays (orphanFiles finds it if it did not).
      throw error;
    }
    return { identifier, ...staged, io: this.io };
  }

  async loadTable(identifier: TableIdentifier): Promise<IcebergTable> {
    const glueTable = await this.glueTable(identifier);
    if (glueTable === undefined) throw new NoSuchTableError(tableName(identifier));
    const metadataLocation = icebergMetadataLocation(glueTable, tableName(identifier));
    const table: IcebergTable = { identifier, metadataLocation, metadata: await readMetadataFile(this.io, metadataLocation), io: this.io };
    if (glueTable.VersionId !== undefined) this.loadedVersions.set(table, glueTable.VersionId);
    return table;
  }

  /**
   * Writes the new metadata file, checks that Glue still points at the base's, and updates the Glue table with the
   * VersionId the base was loaded at (or, for a base loadTable did not return, the one just checked). Glue rejects a
   * stale VersionId with ConcurrentModificationException, so a writer that raced in after the check is still caught;
   * the check alone also catches a stale base on a Glue-compatible server that ignores VersionId (moto).
   */
  async commitTable(base: IcebergTable, metadata: TableMetadata): Promise<IcebergTable> {
    const name = tableName(base.identifier);
    const staged = await stageCommit(this.io, base, metadata);
    const rejected = async (error: Error): Promise<never> => {
      // Never referenced by Glue, so no reader can have seen it.
      await this.io.delete(staged.metadataLocation);
      throw error;
    };
    const current = await this.glueTable(base.identifier);
    if (current === undefined) return rejected(new NoSuchTableError(name));
    const currentLocation = current.Parameters?.[METADATA_LOCATION];
    if (currentLocation !== base.metadataLocation) return rejected(new CommitConflictError(name, base.metadataLocation, currentLocation));
    try {
      await this.glue.send(
        new UpdateTableCommand({
          ...this.catalog,
          DatabaseName: base.identifier.namespace,
          TableInput: glueTableInput(base.identifier.name, staged, base.metadataLocation, current),
          VersionId: this.loadedVersions.get(base) ?? current.VersionId,
          // Glue keeps only so many archived versions; the metadata log is the table's history (Iceberg's default too).
          SkipArchive: true,
        }),
      );
    } catch (error) {
      if (error instanceof ConcurrentModificationException) {
        const winner = await this.glueTable(base.identifier);
        return rejected(new CommitConflictError(name, base.metadataLocation, winner?.Parameters?.[METADATA_LOCATION]));
      }
      if (error instanceof EntityNotFoundException) return rejected(new NoSuchTableError(name));
      // The update may have been applied, so the metadata file stays (orphanFiles finds it if it never became current).
      throw error;
    }
    return { identifier: base.identifier, ...staged, io: this.io };
  }

  private async database(namespace: string): Promise<Database> {
    try {
      const { Database: database } = await this.glue.send(new GetDatabaseCommand({ ...this.catalog, Name: namespace }));
      if (database === undefined) throw new NoSuchNamespaceError(namespace);
      return database;
    } catch (error) {
      if (error instanceof EntityNotFoundException) throw new NoSuchNamespaceError(namespace);
      throw error;
    }
  }

  private async glueTable(identifier: TableIdentifier): Promise<GlueTable | undefined> {
    try {
      const { Table: table } = await this.glue.send(new GetTableCommand({ ...this.catalog, DatabaseName: identifier.namespace, Name: identifier.name }));
      return table;
    } catch (error) {
      if (error instanceof EntityNotFoundException) return undefined;
      throw error;
    }
  }
}
