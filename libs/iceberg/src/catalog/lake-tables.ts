// The lake's silver and gold tables in an Iceberg catalog: one namespace per layer database of the
// manifest (dm_silver, dm_gold, as in Glue), each table at <warehouse>/<layer>/<name> (the original's layout).
import { ICEBERG_LAYERS, icebergTables, tableLocation } from '@datamaster/lake-contract';
import { APPLIED_PROPERTIES, appliedProperties, getTable, type CatalogLayer, type LakeManifest, type LakeTable, type ManifestVersion, type TableRef } from '@datamaster/lake-manifest';
import { NamespaceAlreadyExistsError, TableAlreadyExistsError } from '../errors.js';
import { applyTableChange } from '../metadata/table-change.js';
import { currentSchema } from '../metadata/metadata-file.js';
import { updateSchema } from '../evolution/schema-update.js';
import type { Catalog } from './catalog.js';
import { commitWithRetry } from './commit-with-retry.js';
import { deployedVersion } from './deployed-version.js';
import { schemaChangeToManifest } from './manifest-schema-change.js';
import type { IcebergTable, TableIdentifier } from './table.js';
import type { TableMetadata } from '../metadata/table-metadata.js';

export interface EnsureOptions {
  /** Tables about to be rebuilt under the manifest's declaration (`datamaster apply`): created when missing, not evolved. */
  readonly rebuilding?: ReadonlySet<string>;
}

export class LakeTables {
  /** `version`: the manifest this lake follows, with the transforms a derived table records its data was computed with. */
  constructor(
    readonly catalog: Catalog,
    readonly version: ManifestVersion,
    private readonly warehouse: string,
  ) {}

  get manifest(): LakeManifest {
    return this.version.manifest;
  }

  private get transforms(): ReadonlyMap<string, string> {
    return this.version.transforms;
  }

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
   * Returns each table's metadata as it left it, which `deployedVersion` takes instead of loading them again.
   */
  async ensure(options: EnsureOptions = {}): Promise<Map<TableRef, TableMetadata>> {
    const namespaces = new Set(await this.catalog.listNamespaces());
    const tablesIn = new Map<string, Set<string>>();
    const ensured = new Map<TableRef, TableMetadata>();
    for (const table of this.tables) {
      const identifier = this.identifier(table);
      if (!namespaces.has(identifier.namespace)) {
        await this.catalog.createNamespace(identifier.namespace).catch(ignore(NamespaceAlreadyExistsError));
        namespaces.add(identifier.namespace);
      }
      let existing = tablesIn.get(identifier.namespace);
      if (existing === undefined) {
        existing = new Set((await this.catalog.listTables(identifier.namespace)).map((t) => t.name));
        tablesIn.set(identifier.namespace, existing);
      }
      // A table about to be rebuilt is left as it is (and out of the map).
      if (existing.has(table.name) && options.rebuilding?.has(table.ref)) continue;
      const iceberg = existing.has(table.name) ? await this.evolve(table) : await this.create(table);
      ensured.set(table.ref, iceberg.metadata);
    }
    return ensured;
  }

  private async create(table: LakeTable): Promise<IcebergTable> {
    try {
      return await this.catalog.createTable(this.identifier(table), table, {
        location: tableLocation(this.warehouse, table.layer, table.name),
        // A new table's (no) data follows this manifest's transform and masking.
        properties: { 'write.format.default': 'parquet', ...appliedProperties(table, this.transforms) },
      });
    } catch (error) {
      // Another process created it first.
      if (error instanceof TableAlreadyExistsError) return this.load(table);
      throw error;
    }
  }

  /** Commits the schema change the manifest asks of the table, if any; built again on the latest metadata after a conflict. */
  private evolve(table: LakeTable): Promise<IcebergTable> {
    return commitWithRetry(this.catalog, this.identifier(table), async (iceberg) => {
      const change = schemaChangeToManifest(iceberg, table);
      const adopted = this.adoption(iceberg, table);
      if (change === undefined && adopted === undefined) return undefined;
      return applyTableChange(iceberg, { requirements: change?.requirements ?? [], updates: [...(change?.updates ?? []), ...(adopted ?? [])] });
    });
  }

  /**
   * A table created before tables recorded their applied state takes the manifest's as its own, once: its data was
   * built with the manifest of its time, which the lake cannot tell apart from this one any more.
   */
  private adoption(iceberg: IcebergTable, table: LakeTable) {
    const missing = Object.entries(appliedProperties(table, this.transforms)).filter(([key]) => iceberg.metadata.properties[key] === undefined);
    return missing.length === 0 ? undefined : [{ action: 'set-properties' as const, updates: Object.fromEntries(missing) }];
  }

  /**
   * Drops the columns of `table` that the manifest no longer declares (what `datamaster apply` does for a column
   * the plan lists as dropped; opening the lake keeps them, so an older build still reads it). Their values stay in
   * the data files written before, unread; the field ids stay used. Returns the dropped columns' names.
   */
  async dropUndeclaredColumns(table: LakeTable): Promise<string[]> {
    let dropped: string[] = [];
    await commitWithRetry(this.catalog, this.identifier(table), async (iceberg) => {
      const declared = new Set(table.columns.map((c) => c.id));
      dropped = currentSchema(iceberg.metadata).fields.filter((f) => !declared.has(f.id)).map((f) => f.name);
      if (dropped.length === 0) return undefined;
      const update = updateSchema(iceberg);
      for (const name of dropped) update.deleteColumn(name);
      return applyTableChange(iceberg, update.change());
    });
    return dropped;
  }

  /** Records that the data of `table` now follows this manifest's `what` (once a backfill or a rewrite made it so). */
  async recordApplied(table: LakeTable, what: readonly (keyof typeof APPLIED_PROPERTIES)[]): Promise<void> {
    const properties = appliedProperties(table, this.transforms);
    const keys = what.map((w) => APPLIED_PROPERTIES[w]);
    const updates = Object.fromEntries(Object.entries(properties).filter(([key]) => keys.includes(key as (typeof keys)[number])));
    await commitWithRetry(this.catalog, this.identifier(table), async (iceberg) =>
      Object.entries(updates).every(([key, value]) => iceberg.metadata.properties[key] === value) ? undefined : applyTableChange(iceberg, { requirements: [], updates: [{ action: 'set-properties', updates }] }),
    );
  }

  /**
   * The lake as the catalog has it, as a manifest version (see deployedVersion), to plan this manifest against.
   * `ensured`: the metadata `ensure` returned, so the manifest's tables are not loaded again.
   */
  async deployedVersion(ensured?: ReadonlyMap<TableRef, TableMetadata>): Promise<ManifestVersion> {
    const deployed = new Map<TableRef, TableMetadata>();
    const undeclared = new Map<TableRef, TableMetadata>();
    const namespaces = new Set(await this.catalog.listNamespaces());
    const declared = new Set(this.tables.map((t) => t.ref));
    for (const layer of ICEBERG_LAYERS) {
      const database = this.manifest.databases[layer];
      if (!namespaces.has(database)) continue;
      for (const identifier of await this.catalog.listTables(database)) {
        const ref = `${layer}.${identifier.name}` as TableRef;
        const metadata = ensured?.get(ref) ?? (await this.catalog.loadTable(identifier)).metadata;
        (declared.has(ref) ? deployed : undeclared).set(ref, metadata);
      }
    }
    return deployedVersion(this.version, deployed, undeclared);
  }
}

const ignore =
  (type: new (...args: never[]) => Error) =>
  (error: unknown): undefined => {
    if (error instanceof type) return undefined;
    throw error;
  };
