import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcebergTable } from '../catalog/table.js';
import { InvalidDataFileError, SnapshotNotFoundError } from '../errors.js';
import { readManifest } from '../manifest/manifest-file.js';
import { readManifestList } from '../manifest/manifest-list.js';
import type { SnapshotId } from '../metadata/snapshot-id.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { appendFiles } from './append-files.js';
import { overwritePartitions } from './overwrite-partitions.js';
import { currentSnapshot } from './snapshot-producer.js';

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

const JAN = { review_year: 2024, review_month: 1 };
const FEB = { review_year: 2024, review_month: 2 };
const paths = async (table: IcebergTable, snapshotId?: SnapshotId) =>
  (await currentDataFiles(table, snapshotId === undefined ? {} : { snapshotId })).map((f) => f.path).sort();

describe('appendFiles', () => {
  it('adds a snapshot per append with parent, sequence numbers and running totals', async () => {
    let table = await createPartitionedTable(fx.catalog, 'append');
    const a = await writeDataFile(table, JAN, 10);
    const b = await writeDataFile(table, FEB, 5);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [a]));
    const first = currentSnapshot(table.metadata);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [b]));
    const second = currentSnapshot(table.metadata);

    expect(first?.['sequence-number']).toBe(1);
    expect(first?.['parent-snapshot-id']).toBeUndefined();
    expect(second?.['sequence-number']).toBe(2);
    expect(second?.['parent-snapshot-id']).toBe(first?.['snapshot-id']);
    expect(table.metadata['last-sequence-number']).toBe(2);
    expect(table.metadata.refs['main']).toEqual({ 'snapshot-id': second?.['snapshot-id'], type: 'branch' });
    expect(table.metadata['snapshot-log'].map((l) => l['snapshot-id'])).toEqual([first?.['snapshot-id'], second?.['snapshot-id']]);
    expect(second?.summary).toMatchObject({ operation: 'append', 'added-data-files': '1', 'added-records': '5', 'total-data-files': '2', 'total-records': '15' });
    expect(second?.summary['total-files-size']).toBe(String(a.fileSizeInBytes + b.fileSizeInBytes));
    // Fast append: the second manifest list carries the first snapshot's manifest as it was.
    const [newer, carried] = await readManifestList(table.io, second?.['manifest-list'] ?? '');
    expect(newer?.addedSnapshotId).toBe(second?.['snapshot-id']);
    expect((await readManifestList(table.io, first?.['manifest-list'] ?? ''))[0]?.path).toBe(carried?.path);

    const files = await currentDataFiles(table);
    expect(files.map((f) => [f.path, f.partition, f.recordCount, f.sequenceNumber]).sort()).toEqual(
      [
        [a.path, JAN, 10, 1],
        [b.path, FEB, 5, 2],
      ].sort(),
    );
  });

  it('rejects files whose partition does not match the spec, before writing anything', async () => {
    const table = await createPartitionedTable(fx.catalog, 'append_bad');
    const good = await writeDataFile(table, JAN, 1);
    await expect(appendFiles(table, [{ ...good, partition: { review_year: 2024 } }])).rejects.toThrow(/"review_month" is missing/);
    await expect(appendFiles(table, [{ ...good, partition: { ...JAN, day: 1 } }])).rejects.toThrow(InvalidDataFileError);
    await expect(appendFiles(table, [{ ...good, partition: { review_year: '2024', review_month: 1 } }])).rejects.toThrow(/"2024" for "review_year" is not a int/);
    await expect(appendFiles(table, [{ ...good, partition: { review_year: 2024.5, review_month: 1 } }])).rejects.toThrow(/2024.5 for "review_year"/);
    await expect(appendFiles(table, [{ ...good, metrics: { lowerBounds: { 999: 1 } } }])).rejects.toThrow(/field id 999/);
    await expect(appendFiles(table, [{ ...good, metrics: { upperBounds: { 5: 'many' } } }])).rejects.toThrow(/upper bound "many" of "total_reviews" is not a long/);
    await expect(appendFiles(table, [good, good])).rejects.toThrow(/listed twice/);
    expect((await table.io.list(`${table.metadata.location}/metadata`)).map((f) => f.location)).toEqual([table.metadataLocation]);
  });
});

describe('overwritePartitions', () => {
  it('replaces exactly the files of the named partitions and leaves the others', async () => {
    let table = await createPartitionedTable(fx.catalog, 'overwrite');
    const jan1 = await writeDataFile(table, JAN, 10);
    const jan2 = await writeDataFile(table, JAN, 20);
    const feb = await writeDataFile(table, FEB, 7);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [jan1, jan2, feb]));
    const before = table.metadata['current-snapshot-id'] ?? undefined;

    const janNew = await writeDataFile(table, JAN, 25);
    table = await fx.catalog.commitTable(table, await overwritePartitions(table, [JAN], [janNew]));
    const snapshot = currentSnapshot(table.metadata);

    expect(await paths(table)).toEqual([janNew.path, feb.path].sort());
    expect(snapshot?.summary).toMatchObject({
      operation: 'overwrite',
      'replace-partitions': 'true',
      'added-data-files': '1',
      'deleted-data-files': '2',
      'added-records': '25',
      'deleted-records': '30',
      'total-data-files': '2',
      'total-records': '32',
      'changed-partition-count': '1',
    });
    expect(snapshot?.['sequence-number']).toBe(2);
    expect(snapshot?.['parent-snapshot-id']).toBe(before);
    // The deleted entries are recorded, as DELETED, by this snapshot; the untouched file stays EXISTING.
    const manifests = await readManifestList(table.io, snapshot?.['manifest-list'] ?? '');
    const schema = table.metadata.schemas[0];
    if (schema === undefined) throw new Error('table has no schema');
    const entries = (await Promise.all(manifests.map((m) => readManifest(table.io, m, schema)))).flat();
    const statusOf = (path: string) => entries.filter((e) => e.file.path === path).map((e) => [e.status, e.snapshotId]);
    expect(statusOf(jan1.path)).toEqual([[2, snapshot?.['snapshot-id']]]);
    expect(statusOf(feb.path)).toEqual([[0, before]]);
    expect(statusOf(janNew.path)).toEqual([[1, snapshot?.['snapshot-id']]]);
    expect(entries.find((e) => e.file.path === feb.path)?.sequenceNumber).toBe(1);
  });

  it('empties a named partition given no files, and refuses files outside the named partitions', async () => {
    let table = await createPartitionedTable(fx.catalog, 'overwrite_empty');
    const jan = await writeDataFile(table, JAN, 3);
    const feb = await writeDataFile(table, FEB, 4);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [jan, feb]));
    const stray = await writeDataFile(table, FEB, 1);
    await expect(overwritePartitions(table, [JAN], [stray])).rejects.toThrow(/not among the partitions being overwritten/);
    table = await fx.catalog.commitTable(table, await overwritePartitions(table, [JAN], []));
    expect(await paths(table)).toEqual([feb.path]);
    expect(currentSnapshot(table.metadata)?.summary['total-records']).toBe('4');
  });

  it('keeps every snapshot readable: time travel returns the files as they were', async () => {
    let table = await createPartitionedTable(fx.catalog, 'time_travel');
    const v1 = await writeDataFile(table, JAN, 1);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [v1]));
    const first = table.metadata['current-snapshot-id'] ?? undefined;
    const v2 = await writeDataFile(table, JAN, 2);
    table = await fx.catalog.commitTable(table, await overwritePartitions(table, [JAN], [v2]));
    const second = table.metadata['current-snapshot-id'] ?? undefined;
    const v3 = await writeDataFile(table, FEB, 3);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [v3]));

    expect(await paths(table, first)).toEqual([v1.path]);
    expect(await paths(table, second)).toEqual([v2.path]);
    expect(await paths(table)).toEqual([v2.path, v3.path].sort());
    await expect(currentDataFiles(table, { snapshotId: '123' })).rejects.toThrow(SnapshotNotFoundError);
  });
});
