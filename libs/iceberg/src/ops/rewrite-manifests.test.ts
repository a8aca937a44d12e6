import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcebergTable } from '../catalog/table.js';
import { readManifest } from '../manifest/manifest-file.js';
import { readManifestList } from '../manifest/manifest-list.js';
import { currentSchema } from '../metadata/metadata-file.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { appendFiles } from './append-files.js';
import { replaceDataFiles } from './replace-data-files.js';
import { rewriteManifests } from './rewrite-manifests.js';
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
