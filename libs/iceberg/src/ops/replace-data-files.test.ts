import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcebergTable } from '../catalog/table.js';
import { InvalidDataFileError, RecordCountChangedError } from '../errors.js';
import { readManifest } from '../manifest/manifest-file.js';
import { readManifestList } from '../manifest/manifest-list.js';
import { currentSchema } from '../metadata/metadata-file.js';
import type { SnapshotId } from '../metadata/snapshot-id.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { appendFiles } from './append-files.js';
import { overwritePartitions } from './overwrite-partitions.js';
import { replaceDataFiles } from './replace-data-files.js';
import { rewriteManifests } from './rewrite-manifests.js';
import { overwriteTable } from './overwrite-table.js';
import { applyTableChange } from '../metadata/table-change.js';
import { updateSpec } from '../evolution/partition-spec-update.js';
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

describe('replaceDataFiles', () => {
  it('marks exactly the replaced files DELETED and adds the new ones in one replace snapshot, totals unchanged', async () => {
    let table = await createPartitionedTable(fx.catalog, 'replace');
    const [jan1, jan2, feb] = [await writeDataFile(table, JAN, 4), await writeDataFile(table, JAN, 6), await writeDataFile(table, FEB, 7)];
    table = await fx.catalog.commitTable(table, await appendFiles(table, [jan1, jan2, feb]));
    const before = currentSnapshot(table.metadata);
    const janCompacted = await writeDataFile(table, JAN, 10);

    const result = await replaceDataFiles(table, [{ replaced: [jan1, jan2], added: [janCompacted] }]);
    if (result === undefined) throw new Error('expected a replace snapshot');
    table = await fx.catalog.commitTable(table, result.metadata);
    const snapshot = currentSnapshot(table.metadata);

    expect([result.rewritten, result.added, result.skipped]).toEqual([2, 1, []]);
    expect(await paths(table)).toEqual([janCompacted.path, feb.path].sort());
    expect(await paths(table, before?.['snapshot-id'])).toEqual([jan1.path, jan2.path, feb.path].sort());
    expect(snapshot?.summary).toMatchObject({
      operation: 'replace',
      'added-data-files': '1',
      'deleted-data-files': '2',
      'added-records': '10',
      'deleted-records': '10',
      'total-data-files': '2',
      'total-records': before?.summary['total-records'],
      'changed-partition-count': '1',
    });
    const manifests = await readManifestList(table.io, snapshot?.['manifest-list'] ?? '');
    const entries = (await Promise.all(manifests.map((m) => readManifest(table.io, m, currentSchema(table.metadata))))).flat();
    const statusOf = (path: string) => entries.filter((e) => e.file.path === path).map((e) => e.status);
    expect([statusOf(jan1.path), statusOf(jan2.path), statusOf(janCompacted.path), statusOf(feb.path)]).toEqual([[2], [2], [1], [0]]);
  });

  it('skips a rewrite whose input is no longer live, so deleted data never comes back', async () => {
    let table = await createPartitionedTable(fx.catalog, 'replace_stale');
    const [jan1, jan2, feb1, feb2] = [await writeDataFile(table, JAN, 1), await writeDataFile(table, JAN, 2), await writeDataFile(table, FEB, 3), await writeDataFile(table, FEB, 4)];
    table = await fx.catalog.commitTable(table, await appendFiles(table, [jan1, jan2, feb1, feb2]));
    const janRewrite = { replaced: [jan1, jan2], added: [await writeDataFile(table, JAN, 3)] };
    const febRewrite = { replaced: [feb1, feb2], added: [await writeDataFile(table, FEB, 7)] };
    const janOverwrite = await writeDataFile(table, JAN, 5);
    table = await fx.catalog.commitTable(table, await overwritePartitions(table, [JAN], [janOverwrite]));

    const result = await replaceDataFiles(table, [janRewrite, febRewrite]);
    if (result === undefined) throw new Error('expected the FEB rewrite to apply');
    table = await fx.catalog.commitTable(table, result.metadata);

    expect(result.skipped).toEqual([janRewrite]);
    expect(await paths(table)).toEqual([janOverwrite.path, ...febRewrite.added.map((f) => f.path)].sort());
    expect(currentSnapshot(table.metadata)?.summary['total-records']).toBe('12');
    expect(await replaceDataFiles(table, [janRewrite])).toBeUndefined();
  });

  it('refuses a rewrite that changes the record count, or replaces a file twice', async () => {
    let table = await createPartitionedTable(fx.catalog, 'replace_bad');
    const [jan1, jan2] = [await writeDataFile(table, JAN, 4), await writeDataFile(table, JAN, 6)];
    table = await fx.catalog.commitTable(table, await appendFiles(table, [jan1, jan2]));
    // The manifest's count is what counts, not the caller's copy of the file.
    const lying = { replaced: [{ ...jan1, recordCount: 5 }, jan2], added: [await writeDataFile(table, JAN, 11)] };
    const error = await replaceDataFiles(table, [lying]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordCountChangedError);
    expect((error as RecordCountChangedError).message).toMatch(/from 10 to 11/);
    const twice = [
      { replaced: [jan1], added: [await writeDataFile(table, JAN, 4)] },
      { replaced: [jan1, jan2], added: [await writeDataFile(table, JAN, 10)] },
    ];
    await expect(replaceDataFiles(table, twice)).rejects.toThrow(InvalidDataFileError);
  });
});

/** Every entry of the current snapshot's manifests: [status, path]. */
async function entries(table: IcebergTable): Promise<[number, string][]> {
  const snapshot = currentSnapshot(table.metadata);
  if (snapshot === undefined) return [];
  const manifests = await readManifestList(table.io, snapshot['manifest-list']);
  const all = await Promise.all(manifests.map((m) => readManifest(table.io, m, currentSchema(table.metadata))));
  return all.flat().map((e): [number, string] => [e.status, e.file.path]).sort((a, b) => a[1].localeCompare(b[1]));
}

describe('rewriteManifests', () => {
  it('drops the entries a replace marked DELETED and the manifests left empty, keeping every live file', async () => {
    let table = await createPartitionedTable(fx.catalog, 'rewrite_manifests');
    const [jan, feb] = [await writeDataFile(table, JAN, 4), await writeDataFile(table, FEB, 7)];
    table = await fx.catalog.commitTable(table, await appendFiles(table, [jan]));
    table = await fx.catalog.commitTable(table, await appendFiles(table, [feb]));
    const janRewritten = await writeDataFile(table, JAN, 4);
    const replaced = await replaceDataFiles(table, [{ replaced: [jan], added: [janRewritten] }]);
    table = await fx.catalog.commitTable(table, replaced?.metadata ?? table.metadata);
    expect((await entries(table)).map(([status, path]) => [status, path === jan.path])).toContainEqual([2, true]);

    const rewritten = await rewriteManifests(table);
    if (rewritten === undefined) throw new Error('expected a snapshot');
    table = await fx.catalog.commitTable(table, rewritten);
    expect(currentSnapshot(table.metadata)?.summary).toMatchObject({ operation: 'replace', 'total-data-files': '2', 'total-records': '11' });
    expect((await entries(table)).map(([, path]) => path)).toEqual([janRewritten.path, feb.path].sort());
    expect((await entries(table)).some(([status]) => status === 2)).toBe(false);
    expect((await currentDataFiles(table)).map((f) => f.path).sort()).toEqual([janRewritten.path, feb.path].sort());
    // Nothing left to drop: no snapshot.
    expect(await rewriteManifests(table)).toBeUndefined();
  });
});

describe('overwriteTable', () => {
  it('replaces every live file, of any partition spec, with the new ones in one overwrite snapshot', async () => {
    let table = await createPartitionedTable(fx.catalog, 'overwrite_table');
    const [jan, feb] = [await writeDataFile(table, JAN, 4), await writeDataFile(table, FEB, 7)];
    table = await fx.catalog.commitTable(table, await appendFiles(table, [jan, feb]));
    table = await fx.catalog.commitTable(table, applyTableChange(table, updateSpec(table).removeField('review_month').change()));
    const year = await writeDataFile(table, { review_year: 2024 }, 9);
    const before = currentSnapshot(table.metadata)?.['snapshot-id'];
    table = await fx.catalog.commitTable(table, await overwriteTable(table, [year]));
    expect(await paths(table)).toEqual([year.path]);
    expect(await paths(table, before)).toEqual([jan.path, feb.path].sort());
    expect(currentSnapshot(table.metadata)?.summary).toMatchObject({ operation: 'overwrite', 'deleted-data-files': '2', 'added-records': '9', 'total-records': '9' });
  });
});
