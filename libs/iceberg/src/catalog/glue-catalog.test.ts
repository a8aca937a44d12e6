import { CreateTableCommand, GetDatabaseCommand, GetTableCommand, GlueClient, UpdateTableCommand } from '@aws-sdk/client-glue';
import { icebergSchema } from '@datamaster/lake-manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CommitConflictError,
  InvalidGlueNameError,
  NamespaceAlreadyExistsError,
  NoSuchNamespaceError,
  NoSuchTableError,
  NotAnIcebergTableError,
  TableAlreadyExistsError,
} from '../errors.js';
import { appendFiles } from '../ops/append-files.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { orphanFiles } from '../scan/orphan-files.js';
import { barrier } from '../testing/barrier.js';
import { createPartitionedTable, partitionedTable, writeDataFile } from '../testing/catalog-fixture.js';
import { glueFixture, type GlueFixture } from '../testing/glue-fixture.js';
import { commitWithRetry } from './commit-with-retry.js';
import { GlueCatalog } from './glue-catalog.js';
import type { IcebergTable, TableIdentifier } from './table.js';

let fx: GlueFixture;
let catalog: GlueCatalog;
beforeAll(async () => {
  fx = await glueFixture();
  catalog = fx.openCatalog();
}, 60_000);
afterAll(async () => {
  await fx?.dispose();
});

const glueTable = async ({ namespace, name }: TableIdentifier) => (await fx.glue.send(new GetTableCommand({ DatabaseName: namespace, Name: name }))).Table;
const metadataFiles = async (table: IcebergTable) => (await fx.io.list(`${table.metadata.location}/metadata/`)).map((f) => f.location).filter((l) => l.endsWith('.metadata.json'));

/** Iceberg's GlueCatalog names for the lake manifest's logical types. */
const GLUE_TYPES: Readonly<Record<string, string>> = { boolean: 'boolean', int: 'int', long: 'bigint', double: 'double', string: 'string', date: 'date', timestamptz: 'timestamp' };

describe('GlueCatalog namespaces', () => {
  it('creates a Glue database per namespace, location and comment becoming LocationUri and Description', async () => {
    await catalog.createNamespace('bronze', { location: `${fx.warehouse}/bronze-home/`, comment: 'Bronze layer', owner: 'data-platform' });
    await catalog.createNamespace('silver');
    await expect(catalog.createNamespace('silver')).rejects.toThrow(NamespaceAlreadyExistsError);
    await expect(catalog.createNamespace('Silver.Old')).rejects.toThrow(InvalidGlueNameError);
    expect(await catalog.listNamespaces()).toEqual(expect.arrayContaining(['bronze', 'silver']));
    expect((await catalog.listNamespaces()).slice().sort()).toEqual(await catalog.listNamespaces());
    const { Database: bronze } = await fx.glue.send(new GetDatabaseCommand({ Name: 'bronze' }));
    expect(bronze).toMatchObject({ LocationUri: `${fx.warehouse}/bronze-home/`, Description: 'Bronze layer', Parameters: { owner: 'data-platform' } });
  });
});

describe('GlueCatalog tables', () => {
  it("records a new table as Iceberg's GlueCatalog does: EXTERNAL_TABLE, table_type ICEBERG, metadata_location, columns", async () => {
    const created = await createPartitionedTable(catalog, 'layout');
    expect(created.metadata.location).toBe(`${fx.warehouse}/gold.db/layout`);
    expect(created.metadataLocation).toMatch(/^s3:\/\/warehouse-[^/]+\/lake\/gold\.db\/layout\/metadata\/00000-[0-9a-f-]{36}\.metadata\.json$/);
    const recorded = await glueTable(created.identifier);
    expect(recorded?.TableType).toBe('EXTERNAL_TABLE');
    expect(recorded?.Parameters).toEqual({ table_type: 'ICEBERG', metadata_location: created.metadataLocation });
    expect(recorded?.StorageDescriptor?.Location).toBe(created.metadata.location);
    const fields = icebergSchema(partitionedTable()).fields;
    expect(recorded?.StorageDescriptor?.Columns?.map((c) => [c.Name, c.Type, c.Parameters])).toEqual(
      fields.map((f) => [f.name, GLUE_TYPES[f.type], { 'iceberg.field.id': String(f.id), 'iceberg.field.optional': String(!f.required), 'iceberg.field.current': 'true' }]),
    );
    expect(await metadataFiles(created)).toEqual([created.metadataLocation]);
  });

  it("lays a table out under its database's LocationUri when it has one", async () => {
    const created = await catalog.createTable({ namespace: 'bronze', name: 'homed' }, partitionedTable());
    expect(created.metadata.location).toBe(`${fx.warehouse}/bronze-home/homed`);
  });

  it('lists only the Iceberg tables of a namespace, and loads them as created', async () => {
    const created = await createPartitionedTable(catalog, 'listed');
    await fx.glue.send(new CreateTableCommand({ DatabaseName: 'gold', TableInput: { Name: 'a_hive_table', TableType: 'EXTERNAL_TABLE', Parameters: { table_type: 'HIVE' } } }));
    const tables = await catalog.listTables('gold');
    expect(tables).toContainEqual({ namespace: 'gold', name: 'listed' });
    expect(tables.map((t) => t.name)).not.toContain('a_hive_table');
    expect(tables.map((t) => t.name)).toEqual(tables.map((t) => t.name).sort());
    const loaded = await catalog.loadTable(created.identifier);
    expect(loaded.metadataLocation).toBe(created.metadataLocation);
    expect(loaded.metadata).toEqual(created.metadata);
    await expect(catalog.loadTable({ namespace: 'gold', name: 'a_hive_table' })).rejects.toThrow(NotAnIcebergTableError);
    await expect(catalog.loadTable({ namespace: 'gold', name: 'a_hive_table' })).rejects.toThrow('its table_type is "HIVE", not "ICEBERG"');
  });

  it('names the missing namespace or table, and an existing table, in its errors, leaving no metadata file behind', async () => {
    const existing = await createPartitionedTable(catalog, 'exists');
    const error = await createPartitionedTable(catalog, 'exists').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TableAlreadyExistsError);
    expect((error as TableAlreadyExistsError).metadataLocation).toBe(existing.metadataLocation);
    expect(await metadataFiles(existing)).toEqual([existing.metadataLocation]);
    await expect(catalog.createTable({ namespace: 'nope', name: 't' }, partitionedTable())).rejects.toThrow(NoSuchNamespaceError);
    expect(await fx.io.list(`${fx.warehouse}/nope.db/`)).toEqual([]);
    await expect(catalog.listTables('nope')).rejects.toThrow(/"nope"/);
    await expect(catalog.loadTable({ namespace: 'gold', name: 'missing' })).rejects.toThrow(NoSuchTableError);
    await expect(catalog.createTable({ namespace: 'gold', name: 'Bad-Name' }, partitionedTable())).rejects.toThrow(InvalidGlueNameError);
  });
});

describe('GlueCatalog commits', () => {
  it('moves metadata_location forward, keeps the previous one and parameters others set on the Glue table', async () => {
    const created = await createPartitionedTable(catalog, 'commits');
    const recorded = await glueTable(created.identifier);
    await fx.glue.send(
      new UpdateTableCommand({ DatabaseName: 'gold', TableInput: { ...recorded, Name: 'commits', Parameters: { ...recorded?.Parameters, owner_team: 'gold' } } }),
    );
    const base = await catalog.loadTable(created.identifier);
    const next = await catalog.commitTable(base, await appendFiles(base, [await writeDataFile(base, { review_year: 2024, review_month: 1 }, 3)]));
    expect(next.metadataLocation).toMatch(/\/metadata\/00001-[0-9a-f-]{36}\.metadata\.json$/);
    expect(next.metadata['metadata-log']).toEqual([{ 'timestamp-ms': base.metadata['last-updated-ms'], 'metadata-file': base.metadataLocation }]);
    expect((await glueTable(created.identifier))?.Parameters).toEqual({
      table_type: 'ICEBERG',
      metadata_location: next.metadataLocation,
      previous_metadata_location: base.metadataLocation,
      owner_team: 'gold',
    });
    expect((await catalog.loadTable(created.identifier)).metadata).toEqual(next.metadata);
  });

  it('rejects a stale base by its metadata_location even where Glue ignores VersionId (moto), deleting its metadata file', async () => {
    const unguarded = new GlueCatalog({ glue: fx.glueConfig(fx.moto.endpoint), warehouse: fx.warehouse, io: fx.io });
    try {
      const base = await createPartitionedTable(unguarded, 'stale');
      const first = await appendFiles(base, [await writeDataFile(base, { review_year: 2024, review_month: 1 }, 1)]);
      const second = await appendFiles(base, [await writeDataFile(base, { review_year: 2024, review_month: 2 }, 1)]);
      const winner = await unguarded.commitTable(base, first);
      const before = await metadataFiles(base);
      const conflict = await unguarded.commitTable(base, second).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(CommitConflictError);
      expect((conflict as CommitConflictError).actualMetadataLocation).toBe(winner.metadataLocation);
      expect(await metadataFiles(base)).toEqual(before);
      expect((await unguarded.loadTable(base.identifier)).metadataLocation).toBe(winner.metadataLocation);
    } finally {
      unguarded.close();
    }
  });

  it("catches a writer that commits between the metadata_location check and UpdateTable by Glue's VersionId", async () => {
    const created = await createPartitionedTable(catalog, 'interleaved');
    const other = fx.openCatalog();
    const client = new GlueClient(fx.glueConfig());
    const slow = new GlueCatalog({ glue: client, warehouse: fx.warehouse, io: fx.io });
    let otherCommit: Promise<IcebergTable> | undefined;
    // Runs the other writer's whole commit just before this writer's UpdateTable goes out, after its check passed.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UpdateTableCommand' && otherCommit === undefined) {
          const latest = await other.loadTable(created.identifier);
          otherCommit = other.commitTable(latest, await appendFiles(latest, [await writeDataFile(latest, { review_year: 2024, review_month: 2 }, 2)]));
          await otherCommit;
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    try {
      const base = await slow.loadTable(created.identifier);
      const update = await appendFiles(base, [await writeDataFile(base, { review_year: 2024, review_month: 1 }, 1)]);
      const rejectedBefore = fx.guard.rejectedUpdates;
      const conflict = await slow.commitTable(base, update).catch((e: unknown) => e);
      expect(conflict).toBeInstanceOf(CommitConflictError);
      expect(fx.guard.rejectedUpdates).toBe(rejectedBefore + 1);
      const winner = await otherCommit;
      expect((conflict as CommitConflictError).actualMetadataLocation).toBe(winner?.metadataLocation);
      const table = await catalog.loadTable(created.identifier);
      expect(table.metadataLocation).toBe(winner?.metadataLocation);
      expect(await metadataFiles(table)).toEqual([created.metadataLocation, table.metadataLocation].sort());
    } finally {
      slow.close();
      client.destroy();
    }
  });

  it('requires the Glue table unchanged since load: an edit in between costs a retry, not a lost update', async () => {
    const created = await createPartitionedTable(catalog, 'edited');
    const file = await writeDataFile(created, { review_year: 2024, review_month: 1 }, 4);
    let attempts = 0;
    await commitWithRetry(
      catalog,
      created.identifier,
      async (table) => {
        attempts += 1;
        if (attempts === 1) {
          const recorded = await glueTable(created.identifier);
          await fx.glue.send(new UpdateTableCommand({ DatabaseName: 'gold', TableInput: { ...recorded, Name: 'edited', Description: 'edited in the console' } }));
        }
        return appendFiles(table, [file]);
      },
      { backoffMs: 1 },
    );
    expect(attempts).toBe(2);
    const recorded = await glueTable(created.identifier);
    expect(recorded?.Description).toBe('edited in the console');
    expect((await currentDataFiles(await catalog.loadTable(created.identifier))).map((f) => f.path)).toEqual([file.path]);
  });

  it('lands both of two racing appends from separate catalogs through commitWithRetry: no lost snapshot', async () => {
    const created = await createPartitionedTable(catalog, 'race');
    const fileA = await writeDataFile(created, { review_year: 2024, review_month: 1 }, 11);
    const fileB = await writeDataFile(created, { review_year: 2024, review_month: 2 }, 22);
    const sameBase = barrier(2);
    const writer = (writerCatalog: GlueCatalog, file: typeof fileA) => {
      let attempts = 0;
      return commitWithRetry(writerCatalog, created.identifier, async (table) => {
        attempts += 1;
        const update = await appendFiles(table, [file]);
        if (attempts === 1) await sameBase();
        return update;
      }).then(() => attempts);
    };

    const attempts = await Promise.all([writer(catalog, fileA), writer(fx.openCatalog(), fileB)]);

    expect(attempts.sort()).toEqual([1, 2]);
    const table = await catalog.loadTable(created.identifier);
    expect((await currentDataFiles(table)).map((f) => f.path).sort()).toEqual([fileA.path, fileB.path].sort());
    expect(table.metadata.snapshots).toHaveLength(2);
    expect(table.metadata.snapshots[1]?.['parent-snapshot-id']).toBe(table.metadata.snapshots[0]?.['snapshot-id']);
    expect(table.metadata.snapshots[1]?.summary['total-records']).toBe('33');
  });

  it('appends through commitWithRetry with every file in S3: data, manifest, manifest list, metadata', async () => {
    const created = await createPartitionedTable(catalog, 'append');
    const file = await writeDataFile(created, { review_year: 2023, review_month: 12 }, 7);
    const committed = await commitWithRetry(catalog, created.identifier, (table) => appendFiles(table, [file]));

    const table = await catalog.loadTable(created.identifier);
    expect(table.metadataLocation).toBe(committed.metadataLocation);
    expect((await glueTable(created.identifier))?.Parameters?.['metadata_location']).toBe(committed.metadataLocation);
    expect(await currentDataFiles(table)).toEqual([expect.objectContaining({ path: file.path, recordCount: 7 })]);
    const stored = (await fx.io.list(`${table.metadata.location}/`)).map((f) => f.location);
    const snapshot = table.metadata.snapshots[0];
    expect(stored).toEqual(expect.arrayContaining([file.path, snapshot?.['manifest-list'], created.metadataLocation, committed.metadataLocation]));
    expect(stored.filter((l) => l.endsWith('.avro'))).toHaveLength(2);
    expect(await orphanFiles(table)).toEqual([]);
  });
});
