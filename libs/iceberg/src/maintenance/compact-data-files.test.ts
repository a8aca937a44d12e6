import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitWithRetry } from '../catalog/commit-with-retry.js';
import type { IcebergTable } from '../catalog/table.js';
import { InvalidMaintenanceOptionError, RecordCountChangedError } from '../errors.js';
import type { DataFile, PartitionValues } from '../manifest/data-file.js';
import { appendFiles } from '../ops/append-files.js';
import { overwritePartitions } from '../ops/overwrite-partitions.js';
import { replaceDataFiles } from '../ops/replace-data-files.js';
import { currentSnapshot } from '../ops/snapshot-producer.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import type { SnapshotId } from '../metadata/snapshot-id.js';
import { catalogFixture, createPartitionedTable, type CatalogFixture } from '../testing/catalog-fixture.js';
import { writeParquetDataFile } from '../testing/parquet-fixture.js';
import { compactDataFiles, writeCompactedFiles } from './compact-data-files.js';

let fx: CatalogFixture;
let instance: DuckDBInstance;
let db: DuckDBConnection;
beforeAll(async () => {
  fx = await catalogFixture();
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
});
afterAll(async () => {
  db.closeSync();
  instance.closeSync();
  await fx.dispose();
});

const JAN = { review_year: 2024, review_month: 1 };
const FEB = { review_year: 2024, review_month: 2 };
const MAR = { review_year: 2024, review_month: 3 };

/** Every row of the table's live files (or of a snapshot), read by DuckDB, in a stable order. */
async function rows(table: IcebergTable, snapshotId?: SnapshotId): Promise<unknown[][]> {
  const files = await currentDataFiles(table, snapshotId === undefined ? {} : { snapshotId });
  const paths = files.map((f) => `'${fileURLToPath(f.path)}'`).join(', ');
  return (await db.runAndReadAll(`SELECT * FROM read_parquet([${paths}], hive_partitioning = false) ORDER BY ALL`)).getRowsJS();
}

const livePaths = async (table: IcebergTable, partition: PartitionValues) =>
  (await currentDataFiles(table)).filter((f) => f.partition['review_month'] === partition.review_month).map((f) => f.path);

/** Commits `count` small files of each partition, in one append per partition; rows are distinct across the table. */
async function smallFiles(name: string, partitions: readonly PartitionValues[], count: number): Promise<{ table: IcebergTable; files: DataFile[] }> {
  let table = await createPartitionedTable(fx.catalog, name);
  const files: DataFile[] = [];
  let first = 0;
  for (const partition of partitions) {
    const batch: DataFile[] = [];
    for (let i = 0; i < count; i++) {
      batch.push(await writeParquetDataFile(db, table, partition, first, 3 + i));
      first += 3 + i;
    }
    table = await fx.catalog.commitTable(table, await appendFiles(table, batch));
    files.push(...batch);
  }
  return { table, files };
}

describe('compactDataFiles', () => {
  it('rewrites the 5 small files of each of 2 partitions into 1 file each, with the same rows, in one replace snapshot', async () => {
    const setup = await smallFiles('compact', [JAN, FEB], 5);
    let table = await fx.catalog.commitTable(setup.table, await appendFiles(setup.table, [await writeParquetDataFile(db, setup.table, MAR, 1000, 4)]));
    const before = currentSnapshot(table.metadata);
    const rowsBefore = await rows(table);
    let outcome: { rewritten: number; added: number } | undefined;

    table = await commitWithRetry(fx.catalog, table.identifier, async (t) => {
      const result = await compactDataFiles(t, db);
      if (result === undefined) throw new Error('expected a compaction');
      outcome = { rewritten: result.rewritten, added: result.added };
      return result.metadata;
    });

    expect(outcome).toEqual({ rewritten: 10, added: 2 });
    const live = await currentDataFiles(table);
    expect(live.map((f) => f.partition['review_month']).sort()).toEqual([1, 2, 3]);
    for (const [partition, folder] of [[JAN, 'review_year=2024/review_month=1'], [FEB, 'review_year=2024/review_month=2']] as const) {
      const [compacted] = live.filter((f) => f.partition['review_month'] === partition.review_month);
      expect(compacted?.path).toMatch(new RegExp(`^${table.metadata.location}/data/${folder}/[0-9a-f-]{36}\\.parquet$`));
      expect(compacted?.recordCount).toBe(setup.files.filter((f) => f.partition['review_month'] === partition.review_month).reduce((n, f) => n + f.recordCount, 0));
    }
    expect(await rows(table)).toEqual(rowsBefore);
    expect(rowsBefore).toHaveLength(4 + 2 * (3 + 4 + 5 + 6 + 7));
    const snapshot = currentSnapshot(table.metadata);
    expect(snapshot?.summary).toMatchObject({
      operation: 'replace',
      'added-data-files': '2',
      'deleted-data-files': '10',
      'total-data-files': '3',
      'total-records': before?.summary['total-records'],
      'changed-partition-count': '2',
    });
    expect(snapshot?.summary['added-records']).toBe(snapshot?.summary['deleted-records']);
    // The replaced files stay readable through time travel until their snapshots expire.
    expect(await rows(table, before?.['snapshot-id'])).toEqual(rowsBefore);
    expect(await compactDataFiles(table, db)).toBeUndefined();
  });

  it('leaves files at or above the target size alone and needs minInputFiles small files per partition', async () => {
    const { table, files } = await smallFiles('compact_limits', [JAN], 3);
    const smallest = Math.min(...files.map((f) => f.fileSizeInBytes));
    expect(await compactDataFiles(table, db, { targetFileSizeBytes: smallest })).toBeUndefined();
    expect(await compactDataFiles(table, db, { minInputFiles: 4 })).toBeUndefined();
    expect((await compactDataFiles(table, db, { minInputFiles: 3 }))?.rewritten).toBe(3);
    await expect(compactDataFiles(table, db, { minInputFiles: 1 })).rejects.toThrow(InvalidMaintenanceOptionError);
  });

  it('refuses to commit when the rewritten rows differ from what the manifests state', async () => {
    let table = await createPartitionedTable(fx.catalog, 'compact_miscounted');
    const honest = await writeParquetDataFile(db, table, JAN, 0, 3);
    const miscounted = await writeParquetDataFile(db, table, JAN, 3, 3);
    table = await fx.catalog.commitTable(table, await appendFiles(table, [honest, { ...miscounted, recordCount: 4 }]));
    const error = await compactDataFiles(table, db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordCountChangedError);
    expect((error as RecordCountChangedError).message).toMatch(/from 7 to 6/);
  });
});

describe('compaction racing a partition overwrite', () => {
  // Both ways of retrying: rebuilding the compaction on the reloaded table, or re-applying the files written once.
  const strategies = {
    'compactDataFiles rebuilt on every attempt': async () => async (t: IcebergTable) => (await compactDataFiles(t, db))?.metadata ?? t.metadata,
    'rewrites written once and re-applied': async (base: IcebergTable) => {
      const rewrites = await writeCompactedFiles(base, db);
      return async (t: IcebergTable) => (await replaceDataFiles(t, rewrites))?.metadata ?? t.metadata;
    },
  };

  it.each(Object.entries(strategies).map(([name, strategy], i) => ({ name, strategy, i })))('does not resurrect the overwritten partition ($name)', async ({ strategy, i }) => {
    const { table: base, files } = await smallFiles(`compact_race_${i}`, [JAN, FEB], 5);
    const rowsOfFeb = files.filter((f) => f.partition['review_month'] === FEB.review_month).reduce((n, f) => n + f.recordCount, 0);
    const build = await strategy(base);
    const other = fx.openCatalog();
    let attempts = 0;
    let overwrite: DataFile | undefined;

    const table = await commitWithRetry(
      fx.catalog,
      base.identifier,
      async (t) => {
        attempts += 1;
        const update = await build(t);
        if (attempts === 1) {
          // Another writer replaces January between our build and our commit.
          const latest = await other.loadTable(base.identifier);
          overwrite = await writeParquetDataFile(db, latest, JAN, 5000, 2);
          await other.commitTable(latest, await overwritePartitions(latest, [JAN], [overwrite]));
        }
        return update;
      },
      { backoffMs: 1 },
    );

    expect(attempts).toBe(2);
    expect(await livePaths(table, JAN)).toEqual([overwrite?.path]);
    expect(await livePaths(table, FEB)).toHaveLength(1);
    expect(currentSnapshot(table.metadata)?.summary).toMatchObject({ operation: 'replace', 'deleted-data-files': '5', 'total-records': String(2 + rowsOfFeb) });
    expect((await rows(table)).length).toBe(2 + rowsOfFeb);
  });
});
