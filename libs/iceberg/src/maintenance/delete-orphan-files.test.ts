import { utimes } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcebergTable } from '../catalog/table.js';
import { InvalidMaintenanceOptionError } from '../errors.js';
import { appendFiles } from '../ops/append-files.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { orphanFiles } from '../scan/orphan-files.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { deleteOrphanFiles } from './delete-orphan-files.js';

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

const HOUR = 3_600_000;
const JAN = { review_year: 2024, review_month: 1 };
const listed = async (table: IcebergTable) => (await table.io.list(table.metadata.location)).map((f) => f.location);

/** A writer that died before its commit: a data file, manifest and manifest list nothing references. */
async function abandonedWrite(table: IcebergTable): Promise<string[]> {
  const before = await listed(table);
  await appendFiles(table, [await writeDataFile(table, JAN, 1)]);
  return (await listed(table)).filter((f) => !before.includes(f));
}

/** A committed table with three old orphans and three young ones (a writer that may still commit). */
async function tableWithOrphans(name: string): Promise<{ table: IcebergTable; old: string[]; young: string[] }> {
  let table = await createPartitionedTable(fx.catalog, name);
  table = await fx.catalog.commitTable(table, await appendFiles(table, [await writeDataFile(table, JAN, 5)]));
  const old = await abandonedWrite(table);
  const anHourAgo = new Date(Date.now() - HOUR);
  for (const location of await listed(table)) await utimes(fileURLToPath(location), anHourAgo, anHourAgo);
  const young = await abandonedWrite(table);
  return { table, old, young };
}

describe('deleteOrphanFiles', () => {
  it('deletes the old orphans, keeps the young ones and every referenced file', async () => {
    const { table, old, young } = await tableWithOrphans('orphans');
    const referenced = (await listed(table)).filter((f) => !old.includes(f) && !young.includes(f));
    expect(old).toHaveLength(3);
    expect(young).toHaveLength(3);

    const result = await deleteOrphanFiles(table, { olderThan: new Date(Date.now() - HOUR / 2) });

    expect(result.deleted.sort()).toEqual(old.sort());
    expect(result.kept).toBe(3);
    expect((await listed(table)).sort()).toEqual([...referenced, ...young].sort());
    expect((await orphanFiles(table)).map((f) => f.location).sort()).toEqual(young.sort());
    const reloaded = await fx.catalog.loadTable(table.identifier);
    expect(await currentDataFiles(reloaded)).toHaveLength(1);
  });

  it('deletes nothing on a dry run but reports what it would delete', async () => {
    const { table, old } = await tableWithOrphans('orphans_dry');
    const before = await listed(table);
    const result = await deleteOrphanFiles(table, { olderThan: new Date(Date.now() - HOUR / 2), dryRun: true });
    expect(result.deleted.sort()).toEqual(old.sort());
    expect(result.kept).toBe(3);
    expect(await listed(table)).toEqual(before);
  });

  it('refuses an invalid olderThan', async () => {
    const table = await createPartitionedTable(fx.catalog, 'orphans_bad_date');
    await expect(deleteOrphanFiles(table, { olderThan: new Date(Number.NaN) })).rejects.toThrow(InvalidMaintenanceOptionError);
  });
});
