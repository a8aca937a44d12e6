import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitWithRetry } from '../catalog/commit-with-retry.js';
import type { IcebergTable } from '../catalog/table.js';
import { InvalidMaintenanceOptionError, SnapshotNotFoundError } from '../errors.js';
import type { DataFile } from '../manifest/data-file.js';
import type { SnapshotId } from '../metadata/snapshot-id.js';
import { appendFiles } from '../ops/append-files.js';
import { overwritePartitions } from '../ops/overwrite-partitions.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { orphanFiles } from '../scan/orphan-files.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { expireSnapshots } from './expire-snapshots.js';

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

const month = (n: number) => ({ review_year: 2024, review_month: n });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Appends one file per month, one snapshot each, with distinct commit times; returns the snapshot ids in order. */
async function appendMonths(table: IcebergTable, months: readonly number[]): Promise<{ table: IcebergTable; ids: SnapshotId[]; files: DataFile[] }> {
  const ids: SnapshotId[] = [];
  const files: DataFile[] = [];
  for (const n of months) {
    const file = await writeDataFile(table, month(n), n);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [file]));
    ids.push(table.metadata['current-snapshot-id'] ?? 'none');
    files.push(file);
    await sleep(3);
  }
  return { table, ids, files };
}

describe('expireSnapshots', () => {
  it('keeps the current snapshot, snapshots a ref names and the retainLast newest; time travel to the others fails', async () => {
    const appended = await appendMonths(await createPartitionedTable(fx.catalog, 'expire_protected'), [1, 2, 3, 4, 5]);
    const [s1, s2, s3, s4, s5] = appended.ids;
    const tagged = await fx.catalog.commitTable(appended.table, { ...appended.table.metadata, refs: { ...appended.table.metadata.refs, audit: { 'snapshot-id': s1 ?? 'none', type: 'tag' } } });
    let expired: SnapshotId[] = [];

    const table = await commitWithRetry(fx.catalog, tagged.identifier, async (t) => {
      const result = await expireSnapshots(t, { olderThan: new Date(Date.now() + 1000), retainLast: 2 });
      expired = result.expired;
      return result.metadata;
    });

    expect(expired).toEqual([s2, s3]);
    expect(table.metadata.snapshots.map((s) => s['snapshot-id'])).toEqual([s1, s4, s5]);
    expect(table.metadata['current-snapshot-id']).toBe(s5);
    expect(table.metadata['snapshot-log'].map((l) => l['snapshot-id'])).toEqual([s4, s5]);
    for (const gone of [s2, s3]) await expect(currentDataFiles(table, { snapshotId: gone ?? 'none' })).rejects.toThrow(SnapshotNotFoundError);
    expect((await currentDataFiles(table, { snapshotId: s1 ?? 'none' })).map((f) => f.path)).toEqual([appended.files[0]?.path]);
    expect((await currentDataFiles(table)).map((f) => f.path).sort()).toEqual(appended.files.map((f) => f.path).sort());
  });

  it('expires only snapshots older than olderThan, and the files only they had become orphans', async () => {
    let table = await createPartitionedTable(fx.catalog, 'expire_age');
    const v1 = await writeDataFile(table, month(1), 1);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [v1]));
    await sleep(3);
    const v2 = await writeDataFile(table, month(1), 2);
    table = await fx.catalog.commitTable(table, await overwritePartitions(table, [month(1)], [v2]));
    await sleep(3);
    const appended = await appendMonths(table, [2, 3]);
    table = appended.table;
    const [first, second, third, fourth] = table.metadata.snapshots;
    const listOf = (s: typeof first) => s?.['manifest-list'] ?? '';
    expect(await orphanFiles(table)).toEqual([]);

    const result = await expireSnapshots(table, { olderThan: new Date(third?.['timestamp-ms'] ?? 0) });
    table = await fx.catalog.commitTable(table, result.metadata);

    expect(result.expired).toEqual([first?.['snapshot-id'], second?.['snapshot-id']]);
    expect(table.metadata.snapshots.map((s) => s['snapshot-id'])).toEqual([third?.['snapshot-id'], fourth?.['snapshot-id']]);
    const orphans = (await orphanFiles(table)).map((f) => f.location);
    // v1 was live only in the first snapshot; v2 is still live.
    expect(orphans).toContain(v1.path);
    expect(orphans).toContain(listOf(first));
    expect(orphans).toContain(listOf(second));
    expect(orphans).not.toContain(v2.path);
    expect(orphans).not.toContain(listOf(third));
    expect((await currentDataFiles(table)).map((f) => f.path).sort()).toEqual([v2.path, ...appended.files.map((f) => f.path)].sort());
  });

  it('changes nothing when no snapshot is old enough, and refuses a retainLast below 1 or an invalid date', async () => {
    const { table } = await appendMonths(await createPartitionedTable(fx.catalog, 'expire_none'), [1, 2]);
    const result = await expireSnapshots(table, { olderThan: new Date(table.metadata.snapshots[0]?.['timestamp-ms'] ?? 0) });
    expect(result).toEqual({ metadata: table.metadata, expired: [] });
    await expect(expireSnapshots(table, { olderThan: new Date(), retainLast: 0 })).rejects.toThrow(InvalidMaintenanceOptionError);
    await expect(expireSnapshots(table, { olderThan: new Date('not a date') })).rejects.toThrow(/olderThan is Invalid Date; expected a valid Date/);
  });
});
