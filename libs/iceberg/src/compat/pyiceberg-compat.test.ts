// PyIceberg reads what we write: the catalog layout, metadata, manifests and manifest lists, with snapshot
// ids beyond 2^53 as Iceberg Java writes them, and the rows of a table whose schema we evolved. Runs PyIceberg
// (with SQLAlchemy) from PYICEBERG_PYTHON, else spark/.venv (spark:setup installs it there), and fails, rather
// than skips, without it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSchema } from '../evolution/schema-update.js';
import { localLocation } from '../io/local-file-io.js';
import { expireSnapshots } from '../maintenance/expire-snapshots.js';
import { appendFiles } from '../ops/append-files.js';
import { overwritePartitions } from '../ops/overwrite-partitions.js';
import { replaceDataFiles } from '../ops/replace-data-files.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { applyTableChange } from '../metadata/table-change.js';
import { catalogFixture, createPartitionedTable, unpartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { writeParquetDataFile } from '../testing/parquet-fixture.js';
import { SPARK_SETUP_COMMAND, SPARK_VENV_PYTHON } from '@datamaster/embedded-services';

const python = process.env['PYICEBERG_PYTHON'] ?? SPARK_VENV_PYTHON;

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

const script = (name: string) => join(fileURLToPath(new URL('.', import.meta.url)), name);

function expectPyIceberg(): void {
  const probe = spawnSync(python, ['-c', 'import pyiceberg.catalog.sql'], { encoding: 'utf8' });
  const unavailable = probe.error?.message ?? probe.stderr.trim();
  expect(probe.status, `PyIceberg cannot run (${python}): ${unavailable}. Set it up with \`${SPARK_SETUP_COMMAND}\`, or set PYICEBERG_PYTHON`).toBe(0);
}

describe('PyIceberg compatibility', () => {
  // Python starts, imports pyarrow and reads every file: seconds on a busy machine.
  it('lists, loads and plans every snapshot of a table we wrote, seeing the files and the snapshot ids we see', async () => {
    expectPyIceberg();
    let table = await createPartitionedTable(fx.catalog);
    const jan = { review_year: 2024, review_month: 1 };
    const feb = { review_year: 2024, review_month: 2 };
    const febFiles = [await writeDataFile(table, feb, 12), await writeDataFile(table, feb, 8)];
    // Ids as Iceberg Java draws them (63 random bits), beyond what a JavaScript number holds exactly.
    table = await fx.catalog.commitTable(table, await appendFiles(table, [await writeDataFile(table, jan, 10), ...febFiles], { snapshotId: '9007199254740993' }));
    table = await fx.catalog.commitTable(table, await overwritePartitions(table, [jan], [await writeDataFile(table, jan, 5)], { snapshotId: '9223372036854775807' }));
    const compaction = await replaceDataFiles(table, [{ replaced: febFiles, added: [await writeDataFile(table, feb, 20)] }], { snapshotId: '4806763671727586483' });
    if (compaction === undefined) throw new Error('expected a replace snapshot');
    table = await fx.catalog.commitTable(table, compaction.metadata);
    table = await fx.catalog.commitTable(table, (await expireSnapshots(table, { olderThan: new Date(Date.now() + 1000), retainLast: 2 })).metadata);

    const run = spawnSync(python, [script('read_with_pyiceberg.py'), join(fx.dir, 'catalog.db'), localLocation(join(fx.dir, 'warehouse')), 'test', 'gold', table.identifier.name], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/v0 schema|Traceback/);
    const seen = JSON.parse(run.stdout) as {
      namespaces: string[][];
      tables: string[][];
      field_ids: Record<string, number>;
      partition_fields: [string, number, number][];
      snapshots: { id: string; parent: string | null; sequence: number; operation: string; files: [string, number, Record<string, number>][] }[];
      current: string;
    };

    expect(seen.namespaces).toEqual([['gold']]);
    expect(seen.tables).toEqual([['gold', table.identifier.name]]);
    expect(seen.field_ids).toEqual(Object.fromEntries(table.metadata.schemas[0]?.fields.map((f) => [f.name, f.id]) ?? []));
    expect(seen.partition_fields).toEqual(table.metadata['partition-specs'][0]?.fields.map((f) => [f.name, f['source-id'], f['field-id']]));
    expect(seen.current).toBe(table.metadata['current-snapshot-id']);
    expect(seen.snapshots.map((s) => s.id)).toEqual(table.metadata.snapshots.map((s) => s['snapshot-id']));
    expect(seen.snapshots.map((s) => [s.id, s.parent])).toEqual([
      ['9223372036854775807', '9007199254740993'],
      ['4806763671727586483', '9223372036854775807'],
    ]);
    expect(seen.snapshots.map((s) => s.operation)).toEqual(['overwrite', 'replace']);
    for (const snapshot of table.metadata.snapshots) {
      const theirs = seen.snapshots.find((s) => s.id === snapshot['snapshot-id']);
      expect(theirs).toMatchObject({ parent: snapshot['parent-snapshot-id'] ?? null, sequence: snapshot['sequence-number'], operation: snapshot.summary.operation });
      const ours = (await currentDataFiles(table, { snapshotId: snapshot['snapshot-id'] })).map((f) => [f.path, f.recordCount, f.partition]);
      expect(theirs?.files).toEqual(ours.sort());
    }
  }, 120_000);

  it('scans a table whose schema we evolved: a renamed column by its id, an added one null in older files', async () => {
    expectPyIceberg();
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await fx.catalog.createNamespace('silver');
      let table = await fx.catalog.createTable({ namespace: 'silver', name: 'beer' }, unpartitionedTable());
      table = await fx.catalog.commitTable(table, await appendFiles(table, [await writeParquetDataFile(db, table, {}, 0, 2)]));
      table = await fx.catalog.commitTable(table, applyTableChange(table, updateSchema(table).addColumn('beer_ibu', 'int', { id: 6 }).renameColumn('beer_style', 'style').change()));
      await fx.catalog.commitTable(table, await appendFiles(table, [await writeParquetDataFile(db, table, {}, 2, 2)]));

      const args = [join(fx.dir, 'catalog.db'), localLocation(join(fx.dir, 'warehouse')), 'test', 'silver', 'beer', 'beer_id,style,beer_ibu'];
      const run = spawnSync(python, [script('scan_with_pyiceberg.py'), ...args], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const seen = JSON.parse(run.stdout) as { fields: [number, string, string][]; rows: Record<string, unknown>[] };
      expect(seen.fields.filter(([id]) => id === 4 || id === 6)).toEqual([
        [4, 'style', 'string'],
        [6, 'beer_ibu', 'int'],
      ]);
      // The parquet fixture's values: beer_id = i * 1000003, strings 'v' + i, ints i * 7 - 20.
      expect(seen.rows).toEqual([
        { beer_id: 0, style: 'v000', beer_ibu: null },
        { beer_id: 1000003, style: 'v001', beer_ibu: null },
        { beer_id: 2000006, style: 'v002', beer_ibu: -6 },
        { beer_id: 3000009, style: 'v003', beer_ibu: 1 },
      ]);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  }, 120_000);
});
