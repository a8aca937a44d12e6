import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFiles } from '../ops/append-files.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { currentDataFiles } from './current-data-files.js';
import { orphanFiles } from './orphan-files.js';

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

describe('a writer that dies before its commit', () => {
  it('leaves the table unchanged and readable, and its files listed as orphans', async () => {
    let table = await createPartitionedTable(fx.catalog, 'crash');
    const committed = await writeDataFile(table, { review_year: 2024, review_month: 1 }, 5);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [committed]));
    const before = await fx.catalog.loadTable(table.identifier);
    const listed = async () => (await table.io.list(table.metadata.location)).map((f) => f.location);
    const listedBefore = await listed();

    // The crash: data file, manifest and manifest list are written, the catalog is never updated.
    const lost = await writeDataFile(table, { review_year: 2024, review_month: 2 }, 9);
    const staged = await appendFiles(table, [lost]);
    const stagedList = staged.snapshots.at(-1)?.['manifest-list'] ?? '';

    const after = await fx.catalog.loadTable(table.identifier);
    expect(after.metadataLocation).toBe(before.metadataLocation);
    expect(after.metadata).toEqual(before.metadata);
    expect((await currentDataFiles(after)).map((f) => f.path)).toEqual([committed.path]);

    const orphans = (await orphanFiles(after)).map((f) => f.location);
    const written = (await listed()).filter((f) => !listedBefore.includes(f));
    expect(written).toHaveLength(3);
    expect(orphans.sort()).toEqual(written.sort());
    expect(orphans).toContain(lost.path);
    expect(orphans).toContain(stagedList);
    expect(orphans).not.toContain(committed.path);
  });

  it('finds no orphans in a table whose every write was committed, across metadata versions', async () => {
    let table = await createPartitionedTable(fx.catalog, 'clean');
    for (const month of [1, 2, 3]) {
      table = await fx.catalog.commitTable(table, await appendFiles(table, [await writeDataFile(table, { review_year: 2024, review_month: month }, month)]));
    }
    expect(await orphanFiles(table)).toEqual([]);
    expect(table.metadata['metadata-log']).toHaveLength(3);
  });

  it('matches a file however its file: location is spelled (Spark writes file:/…, Node file:///…), so a referenced file is never an orphan', async () => {
    let table = await createPartitionedTable(fx.catalog, 'spelled');
    const file = await writeDataFile(table, { review_year: 2024, review_month: 1 }, 3);
    const sparkSpelling = `file:${fileURLToPath(file.path)}`;
    expect(sparkSpelling).toMatch(/^file:\/[^/]/);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [{ ...file, path: sparkSpelling }]));
    expect(await orphanFiles(table)).toEqual([]);
  });

  it('writes a readable manifest list for a snapshot without data files (Java and Python refuse a 0-byte Avro file)', async () => {
    let table = await createPartitionedTable(fx.catalog, 'empty');
    table = await fx.catalog.commitTable(table, await appendFiles(table, []));
    const manifestList = table.metadata.snapshots[0]?.['manifest-list'] ?? '';
    const bytes = await table.io.read(manifestList);
    expect(Buffer.from(bytes.subarray(0, 4)).toString('latin1')).toBe('Obj\x01');
    expect(await currentDataFiles(table)).toEqual([]);
  });
});
