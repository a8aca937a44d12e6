import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitRetriesExhaustedError } from '../errors.js';
import type { DataFile } from '../manifest/data-file.js';
import { appendFiles } from '../ops/append-files.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { barrier } from '../testing/barrier.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import type { Catalog } from './catalog.js';
import { commitWithRetry } from './commit-with-retry.js';
import type { IcebergTable } from './table.js';

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

describe('commitWithRetry', () => {
  it('lands both of two racing appends from separate catalog connections: no lost update', async () => {
    const created = await createPartitionedTable(fx.catalog, 'race');
    const fileA = await writeDataFile(created, { review_year: 2024, review_month: 1 }, 11);
    const fileB = await writeDataFile(created, { review_year: 2024, review_month: 2 }, 22);
    const sameBase = barrier(2);
    const bases: string[] = [];
    const writer = (catalog: Catalog, file: DataFile) => {
      let attempts = 0;
      const run = commitWithRetry(catalog, created.identifier, async (table: IcebergTable) => {
        attempts += 1;
        bases.push(table.metadataLocation);
        const update = await appendFiles(table, [file]);
        if (attempts === 1) await sameBase();
        return update;
      });
      return run.then(() => attempts);
    };

    const attempts = await Promise.all([writer(fx.catalog, fileA), writer(fx.openCatalog(), fileB)]);

    expect(bases.slice(0, 2)).toEqual([created.metadataLocation, created.metadataLocation]);
    expect(attempts.sort()).toEqual([1, 2]);
    const table = await fx.catalog.loadTable(created.identifier);
    expect((await currentDataFiles(table)).map((f) => f.path).sort()).toEqual([fileA.path, fileB.path].sort());
    expect(table.metadata.snapshots).toHaveLength(2);
    expect(table.metadata.snapshots[1]?.['parent-snapshot-id']).toBe(table.metadata.snapshots[0]?.['snapshot-id']);
    expect(table.metadata['last-sequence-number']).toBe(2);
    expect(table.metadata.snapshots[1]?.summary['total-records']).toBe('33');
  });

  it('gives up after maxAttempts with CommitRetriesExhaustedError', async () => {
    const created = await createPartitionedTable(fx.catalog, 'always_conflicts');
    const other = fx.openCatalog();
    const error = await commitWithRetry(
      fx.catalog,
      created.identifier,
      async (table) => {
        const update = await appendFiles(table, [await writeDataFile(table, { review_year: 2024, review_month: 3 }, 1)]);
        // Another writer commits between our read and our commit, every time.
        const latest = await other.loadTable(created.identifier);
        await other.commitTable(latest, await appendFiles(latest, [await writeDataFile(latest, { review_year: 2024, review_month: 4 }, 1)]));
        return update;
      },
      { maxAttempts: 3, backoffMs: 1 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommitRetriesExhaustedError);
    expect((error as CommitRetriesExhaustedError).message).toMatch(/after 3 attempts/);
    expect((await fx.catalog.loadTable(created.identifier)).metadata.snapshots).toHaveLength(3);
  });

  it('does not retry errors other than conflicts', async () => {
    const created = await createPartitionedTable(fx.catalog, 'fails');
    let calls = 0;
    await expect(
      commitWithRetry(fx.catalog, created.identifier, async () => {
        calls += 1;
        throw new Error('transform failed');
      }),
    ).rejects.toThrow('transform failed');
    expect(calls).toBe(1);
  });
});
