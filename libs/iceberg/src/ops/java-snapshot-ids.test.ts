// Tables whose snapshot ids lie beyond 2^53, as Iceberg Java (Spark) writes them: it draws ids from 63 random
// bits. The ids are injected through SnapshotOptions; every check below reloads the table from its files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcebergTable } from '../catalog/table.js';
import { InvalidSnapshotIdError, SnapshotNotFoundError } from '../errors.js';
import { expireSnapshots } from '../maintenance/expire-snapshots.js';
import { readManifestList } from '../manifest/manifest-list.js';
import type { SnapshotId } from '../metadata/snapshot-id.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { orphanFiles } from '../scan/orphan-files.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { appendFiles } from './append-files.js';
import { overwritePartitions } from './overwrite-partitions.js';

const JAVA_ID = '4806763671727586483';
const MAX_ID = '9223372036854775807';
const JAN = { review_year: 2024, review_month: 1 };
const FEB = { review_year: 2024, review_month: 2 };

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

const paths = async (table: IcebergTable, snapshotId: SnapshotId) => (await currentDataFiles(table, { snapshotId })).map((f) => f.path).sort();
const orphanPaths = async (table: IcebergTable) => (await orphanFiles(table)).map((f) => f.location).sort();

describe('a table whose snapshot ids are beyond 2^53', () => {
  it('scans, time-travels, expires and finds orphans with the exact ids', async () => {
    let table = await createPartitionedTable(fx.catalog, 'java_ids');
    const a = await writeDataFile(table, JAN, 1);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [a], { snapshotId: JAVA_ID }));
    const b = await writeDataFile(table, JAN, 2);
    table = await fx.catalog.commitTable(table, await overwritePartitions(table, [JAN], [b], { snapshotId: MAX_ID }));
    const c = await writeDataFile(table, FEB, 3);
    // Our own writer continues the table: a random id whose parent is the largest long.
    table = await fx.catalog.commitTable(table, await appendFiles(table, [c]));
    table = await fx.catalog.loadTable(table.identifier);

    const [first, second, third] = table.metadata.snapshots;
    if (first === undefined || second === undefined || third === undefined) throw new Error('expected three snapshots');
    expect([first['snapshot-id'], second['snapshot-id'], second['parent-snapshot-id'], third['parent-snapshot-id']]).toEqual([JAVA_ID, MAX_ID, JAVA_ID, MAX_ID]);
    expect((await readManifestList(table.io, third['manifest-list'])).map((m) => m.addedSnapshotId).sort()).toEqual([MAX_ID, MAX_ID, third['snapshot-id']].sort());
    expect((await currentDataFiles(table)).map((f) => [f.path, f.snapshotId]).sort()).toEqual([[b.path, MAX_ID], [c.path, third['snapshot-id']]].sort());
    expect(await paths(table, JAVA_ID)).toEqual([a.path]);
    expect(await paths(table, MAX_ID)).toEqual([b.path]);
    // What JSON.parse would have made of the id names no snapshot.
    expect(String(Number(JAVA_ID))).not.toBe(JAVA_ID);
    await expect(currentDataFiles(table, { snapshotId: String(Number(JAVA_ID)) })).rejects.toThrow(SnapshotNotFoundError);
    const firstManifests = (await readManifestList(table.io, first['manifest-list'])).map((m) => m.path);
    expect(await orphanPaths(table)).toEqual([]);

    const result = await expireSnapshots(table, { olderThan: new Date(Date.now() + 1000), retainLast: 2 });
    table = await fx.catalog.commitTable(table, result.metadata);
    table = await fx.catalog.loadTable(table.identifier);

    expect(result.expired).toEqual([JAVA_ID]);
    expect(table.metadata.snapshots.map((s) => s['snapshot-id'])).toEqual([MAX_ID, third['snapshot-id']]);
    await expect(currentDataFiles(table, { snapshotId: JAVA_ID })).rejects.toThrow(`snapshot ${JAVA_ID} is not in the table metadata; known snapshots: ${MAX_ID}, `);
    expect(await paths(table, MAX_ID)).toEqual([b.path]);
    expect(await orphanPaths(table)).toEqual([a.path, first['manifest-list'], ...firstManifests].sort());
  });

  it('keeps the statistics files the metadata lists, until their snapshot expires', async () => {
    let table = await createPartitionedTable(fx.catalog, 'java_statistics');
    table = await fx.catalog.commitTable(table, await appendFiles(table, [await writeDataFile(table, JAN, 1)], { snapshotId: JAVA_ID }));
    table = await fx.catalog.commitTable(table, await appendFiles(table, [await writeDataFile(table, FEB, 1)], { snapshotId: MAX_ID }));
    const puffin = `${table.metadata.location}/metadata/${JAVA_ID}-stats.puffin`;
    await table.io.write(puffin, new TextEncoder().encode('PFA1'));
    const statistics = [{ 'snapshot-id': JAVA_ID, 'statistics-path': puffin, 'file-size-in-bytes': 4, 'file-footer-size-in-bytes': 4, 'blob-metadata': [] }];
    table = await fx.catalog.commitTable(table, { ...table.metadata, statistics });
    table = await fx.catalog.loadTable(table.identifier);
    expect(table.metadata.statistics).toEqual(statistics);
    expect(await orphanPaths(table)).toEqual([]);

    table = await fx.catalog.commitTable(table, (await expireSnapshots(table, { olderThan: new Date(Date.now() + 1000) })).metadata);
    expect(table.metadata.statistics).toEqual([]);
    expect(await orphanPaths(table)).toContain(puffin);
  });

  it('refuses an injected id that is not a positive long the table has free', async () => {
    let table = await createPartitionedTable(fx.catalog, 'java_bad_ids');
    table = await fx.catalog.commitTable(table, await appendFiles(table, [], { snapshotId: MAX_ID }));
    for (const [id, reason] of [
      [MAX_ID, 'the table already has a snapshot with this id'],
      ['9223372036854775808', 'it is outside the range of a long'],
      ['0', 'a new snapshot needs a positive id'],
      ['12a', 'it is not a decimal integer'],
    ]) {
      await expect(appendFiles(table, [], { snapshotId: id })).rejects.toThrow(new InvalidSnapshotIdError(id ?? '', reason ?? '').message);
    }
  });
});
