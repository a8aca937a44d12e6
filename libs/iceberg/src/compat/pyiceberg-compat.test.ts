// PyIceberg reads what we write: the catalog layout, metadata, manifests and manifest lists, with snapshot
// ids beyond 2^53 as Iceberg Java writes them. Runs PyIceberg (with SQLAlchemy) from PYICEBERG_PYTHON, else
// spark/.venv (spark:setup installs it there), and fails, rather than skips, without it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localLocation } from '../io/local-file-io.js';
import { expireSnapshots } from '../maintenance/expire-snapshots.js';
import { appendFiles } from '../ops/append-files.js';
import { overwritePartitions } from '../ops/overwrite-partitions.js';
import { replaceDataFiles } from '../ops/replace-data-files.js';
import { currentDataFiles } from '../scan/current-data-files.js';
import { catalogFixture, createPartitionedTable, writeDataFile, type CatalogFixture } from '../testing/catalog-fixture.js';
import { SPARK_SETUP_COMMAND, SPARK_VENV_PYTHON } from '../testing/spark-venv.js';

const python = process.env['PYICEBERG_PYTHON'] ?? SPARK_VENV_PYTHON;

let fx: CatalogFixture;
beforeAll(async () => {
  fx = await catalogFixture();
});
afterAll(async () => {
  await fx.dispose();
});

describe('PyIceberg compatibility', () => {
  // Python starts, imports pyarrow and reads every file: seconds on a busy machine.
  it('lists, loads and plans every snapshot of a table we wrote, seeing the files and the snapshot ids we see', async () => {
    const probe = spawnSync(python, ['-c', 'import pyiceberg.catalog.sql'], { encoding: 'utf8' });
    const unavailable = probe.error?.message ?? probe.stderr.trim();
    expect(probe.status, `PyIceberg cannot run (${python}): ${unavailable}. Set it up with \`${SPARK_SETUP_COMMAND}\`, or set PYICEBERG_PYTHON`).toBe(0);
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

    const script = join(fileURLToPath(new URL('.', import.meta.url)), 'read_with_pyiceberg.py');
    const run = spawnSync(python, [script, join(fx.dir, 'catalog.db'), localLocation(join(fx.dir, 'warehouse')), 'test', 'gold', table.identifier.name], { encoding: 'utf8' });
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
});
