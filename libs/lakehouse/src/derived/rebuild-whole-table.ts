// A derived table rebuilt under a new declaration (another partitioning, key, type or nullability): the manifest's
// schema and partition spec become the table's, and every row is recomputed from the inputs' current snapshots
// with the table's transform, in one commit, so readers see the old table or the new one, never a mix. Older
// snapshots keep the schema and spec they were written with, as the Iceberg spec allows.
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { applyTableChange, commitWithRetry, overwriteTable, type IcebergTable } from '@datamaster/iceberg';
import { getTable, type LakeTable } from '@datamaster/lake-manifest';
import { derivedTableSql } from '@datamaster/lake-manifest/transforms';
import type { LakehouseContext } from '../engine/context.js';
import { declarationChange } from '../engine/declaration-change.js';
import { quoteIdentifier } from '../engine/sql.js';
import { createTableView } from '../engine/table-view.js';
import { writeDataFiles } from '../engine/write-data-files.js';
import { RebuildPartitionsError } from '../errors.js';

export interface WholeTableRebuild {
  readonly ref: string;
  readonly rows: number;
  readonly files: number;
  readonly snapshotId: string;
}

/** Every partition of the table: the distinct values of its partition columns in an input that has them all. */
async function registerAllPartitions(connection: DuckDBConnection, ctx: LakehouseContext, derived: LakeTable): Promise<void> {
  const columns = derived.partitionBy.map((p) => p.column);
  if (columns.length === 0) {
    await connection.run('CREATE OR REPLACE TEMP TABLE touched_partitions AS SELECT 1 AS whole_table');
    return;
  }
  const input = derived.upstream.map((ref) => getTable(ctx.lake.manifest, ref)).find((t) => columns.every((c) => t.columns.some((tc) => tc.name === c)));
  if (input === undefined) throw new RebuildPartitionsError(derived.ref, columns, derived.upstream);
  await connection.run(`CREATE OR REPLACE TEMP TABLE touched_partitions AS SELECT DISTINCT ${columns.map(quoteIdentifier).join(', ')} FROM ${quoteIdentifier(input.name)}`);
}

export async function rebuildWholeTable(ctx: LakehouseContext, derived: LakeTable): Promise<WholeTableRebuild> {
  const { lake } = ctx;
  const connection = await ctx.session.connect();
  const writeId = randomUUID();
  let outcome = { rows: 0, files: 0 };
  try {
    const committed = await commitWithRetry(lake.catalog, lake.identifier(derived), async (iceberg) => {
      for (const ref of derived.upstream) {
        const upstream = getTable(lake.manifest, ref);
        await createTableView(connection, upstream.name, await lake.load(upstream), upstream);
      }
      await registerAllPartitions(connection, ctx, derived);
      const declared: IcebergTable = { ...iceberg, metadata: applyTableChange(iceberg, declarationChange(iceberg, derived)) };
      const written = await writeDataFiles(connection, declared, derived, derivedTableSql(derived.ref), writeId);
      outcome = { rows: written.rows, files: written.files.length };
      return overwriteTable(declared, written.files);
    });
    return { ref: derived.ref, ...outcome, snapshotId: String(committed.metadata['current-snapshot-id']) };
  } finally {
    connection.closeSync();
  }
}
