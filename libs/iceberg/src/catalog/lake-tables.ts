// The lake's silver and gold tables in an Iceberg catalog: one namespace per layer database of the
// manifest (dm_silver, dm_gold, as in Glue), each table at <warehouse>/<layer>/<name> (the original's layout).
import { icebergTables, tableLocation } from '@datamaster/lake-contract';
import { getTable, type CatalogLayer, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import { NamespaceAlreadyExistsError, TableAlreadyExistsError } from '../errors.js';
import { applyTableChange } from '../metadata/table-change.js';
import type { Catalog } from './catalog.js';
import { commitWithRetry } from './commit-with-retry.js';
import { schemaChangeToManifest } from './manifest-schema-change.js';
import type { IcebergTable, TableIdentifier } from './table.js';

export class LakeTables {
  constructor(
    readonly catalog: Catalog,
    readonly manifest: LakeManifest,
    private readonly warehouse: string,
  ) {}

  /** Every silver and gold table of the manifest, in dependency order. */
  get tables(): LakeTable[] {
    return icebergTables(this.manifest);
  }

  table(ref: string): LakeTable {
    return getTable(this.manifest, ref);
  }

  identifier(table: LakeTable): TableIdentifier {
    return { namespace: this.manifest.databases[table.layer as CatalogLayer], name: table.name };
  }

  load(table: LakeTable): Promise<IcebergTable> {
    return this.catalog.loadTable(this.identifier(table));
  }

  /**
   * Creates what is missing and brings existing tables to the manifest's schemas (see schemaChangeToManifest:
   * MigrationRequiredError for what they cannot follow by themselves); safe to run from several processes at once.
   */
  async ensure(): Promise<void> {
    const namespaces = new Set(await this.catalog.listNamespaces());
    for (const table of this.tables) {
      const identifier = this.identifier(table);
      if (!namespaces.has(identifier.namespace)) {
        await this.catalog.createNamespace(identifier.namespace).catch(ignore(NamespaceAlreadyExistsError));
        namespaces.add(identifier.namespace);
      }
      const existing = new Set((await this.catalog.listTables(identifier.namespace)).map((t) => t.name));
      if (existing.has(table.name)) await this.evolve(table);
      else {
        await this.catalog
          .createTable(identifier, table, { location: tableLocation(this.warehouse, table.layer, table.name), properties: { 'write.format.default': 'parquet' } })
          .catch(ignore(TableAlreadyExistsError));
      }
    }
  }

  /** Commits the schema change the manifest asks of the table, if any; built again on the latest metadata after a conflict. */
  private async evolve(table: LakeTable): Promise<void> {
    await commitWithRetry(this.catalog, this.identifier(table), async (iceberg) => {
      const change = schemaChangeToManifest(iceberg, table);
      return change === undefined ? undefined : applyTableChange(iceberg, change);
    });
  }
}

const ignore =
  (type: new (...args: never[]) => Error) =>
  (error: unknown): undefined => {
    if (error instanceof type) return undefined;
    throw error;
  };
