import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcebergTable } from '../catalog/table.js';
import { InvalidSchemaChangeError, TableRequirementFailedError } from '../errors.js';
import { readManifestList } from '../manifest/manifest-list.js';
import { defaultSpec } from '../metadata/metadata-file.js';
import { applyTableChange, type TableChange } from '../metadata/table-change.js';
import { appendFiles } from '../ops/append-files.js';
import { overwritePartitions } from '../ops/overwrite-partitions.js';
import { replaceDataFiles } from '../ops/replace-data-files.js';
import { currentSnapshot } from '../ops/snapshot-producer.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { updateSchema } from './schema-update.js';
import { updateSpec } from './partition-spec-update.js';

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

const JAN = { review_year: 2024, review_month: 1 };
const FEB = { review_year: 2024, review_month: 2 };
const commit = (table: IcebergTable, change: TableChange) => fx.catalog.commitTable(table, applyTableChange(table, change));
const files = async (table: IcebergTable) => (await currentDataFiles(table)).map((f) => ({ path: f.path, specId: f.specId, partition: f.partition })).sort((a, b) => a.path.localeCompare(b.path));

/** gold.top_beers_by_rating (spec 0: review_year 1000, review_month 1001) with a file in January and one in February, then spec 1: review_year, beer_style. */
async function evolvedTable(name: string) {
  let table = await createPartitionedTable(fx.catalog, name);
  const jan = await writeDataFile(table, JAN, 10);
  const feb = await writeDataFile(table, FEB, 20);
  table = await fx.catalog.commitTable(table, await appendFiles(table, [jan, feb]));
  table = await commit(table, updateSpec(table).removeField('review_month').addIdentity('beer_style').change());
  return { table, jan, feb };
}

describe('updateSpec', () => {
  it('adds a spec with a new spec id and makes it the default; files written before keep theirs', async () => {
    const { table, jan, feb } = await evolvedTable('spec_evolve');
    expect(table.metadata['partition-specs'].map((s) => s['spec-id'])).toEqual([0, 1]);
    expect(table.metadata['default-spec-id']).toBe(1);
    expect(defaultSpec(table.metadata).fields).toEqual([
      { 'source-id': 6, 'field-id': 1000, name: 'review_year', transform: 'identity' },
      { 'source-id': 3, 'field-id': 1002, name: 'beer_style', transform: 'identity' },
    ]);
    expect(table.metadata['last-partition-id']).toBe(1002);
    const ipa = await writeDataFile(table, { review_year: 2024, beer_style: 'IPA' }, 5);
    const appended = await fx.catalog.commitTable(table, await appendFiles(table, [ipa]));
    expect(await files(appended)).toEqual(
      [
        { path: jan.path, specId: 0, partition: JAN },
        { path: feb.path, specId: 0, partition: FEB },
        { path: ipa.path, specId: 1, partition: { review_year: 2024, beer_style: 'IPA' } },
      ].sort((a, b) => a.path.localeCompare(b.path)),
    );
    // A field that returns keeps the id it had in the earlier spec.
    const back = updateSpec(appended).addIdentity('review_month').apply();
    expect(back.fields.find((f) => f.name === 'review_month')?.['field-id']).toBe(1001);
  });

  it('overwrites partitions of the default spec only: files of the older spec stay', async () => {
    const { table, jan, feb } = await evolvedTable('spec_overwrite');
    // The old files have no beer_style, yet they do not lie in the partition whose beer_style is null.
    const unknownStyle = { review_year: 2024, beer_style: null };
    const first = await writeDataFile(table, unknownStyle, 5);
    const withFirst = await fx.catalog.commitTable(table, await appendFiles(table, [first]));
    const second = await writeDataFile(table, unknownStyle, 7);
    const overwritten = await fx.catalog.commitTable(withFirst, await overwritePartitions(withFirst, [unknownStyle], [second]));
    expect((await files(overwritten)).map((f) => f.path).sort()).toEqual([jan.path, feb.path, second.path].sort());
  });

  it('rewrites a manifest of an older spec with that spec when it deletes one of its files', async () => {
    const { table, jan, feb } = await evolvedTable('spec_replace');
    const compacted = await writeDataFile(table, { review_year: 2024, beer_style: null }, 10);
    const result = await replaceDataFiles(table, [{ replaced: [jan], added: [compacted] }]);
    const replaced = await fx.catalog.commitTable(table, result?.metadata ?? table.metadata);
    expect(await files(replaced)).toEqual(
      [
        { path: feb.path, specId: 0, partition: FEB },
        { path: compacted.path, specId: 1, partition: { review_year: 2024, beer_style: null } },
      ].sort((a, b) => a.path.localeCompare(b.path)),
    );
    const manifests = await readManifestList(replaced.io, currentSnapshot(replaced.metadata)?.['manifest-list'] ?? '');
    expect(manifests.map((m) => [m.partitionSpecId, m.addedFilesCount, m.existingFilesCount, m.deletedFilesCount]).sort()).toEqual([
      [0, 0, 1, 1],
      [1, 1, 0, 0],
    ]);
  });

  it('refuses what the spec cannot take, and keeps partition source columns from being dropped', async () => {
    const { table } = await evolvedTable('spec_refused');
    expect(() => updateSpec(table).addIdentity('nope')).toThrow(/no such column to partition by/);
    expect(() => updateSpec(table).addIdentity('beer_style')).toThrow(/already partitions by it/);
    expect(() => updateSpec(table).addIdentity('beer_name', 'review_year')).toThrow(/partition field of that name/);
    expect(() => updateSpec(table).addIdentity('beer_name', 'avg_rating')).toThrow(/a column has that name/);
    expect(() => updateSpec(table).removeField('review_month')).toThrow(InvalidSchemaChangeError);
    // beer_style is no key, but spec 1 partitions by it.
    expect(() => updateSchema(table).deleteColumn('beer_style')).toThrow(/partition spec 1 partitions by it/);
  });

  it('fails a spec change built on a default spec another change replaced', async () => {
    const created = await createPartitionedTable(fx.catalog, 'spec_race');
    const stale = updateSpec(created).addIdentity('beer_style').change();
    const moved = await commit(created, updateSpec(created).removeField('review_month').change());
    expect(() => applyTableChange(moved, stale)).toThrow(TableRequirementFailedError);
    expect(() => applyTableChange(moved, stale)).toThrow(/requires default-spec-id 0, but the table has 1/);
  });
});
