// The job of a derived table (review_flat, the gold tables): recompute exactly the partitions its work
// names from the upstream tables as of the claim, with the table's transform SQL, and replace those
// partitions in one commit. Re-running gives the same table, never appended duplicates.
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { overwritePartitions, type PartitionValues } from '@datamaster/iceberg';
import type { JobCommit, ProcessingWork } from '@datamaster/lake-contract';
import { duckdbType, getTable, icebergSchema, type LakeTable } from '@datamaster/lake-manifest';
import { derivedTableSql } from '@datamaster/lake-manifest/transforms';
import { commitWork, summaryOptions } from '../engine/commit-work.js';
import type { LakehouseContext } from '../engine/context.js';
import { quoteIdentifier } from '../engine/sql.js';
import { createTableView, parquetSelect } from '../engine/table-view.js';
import { writeDataFiles } from '../engine/write-data-files.js';

export async function rebuildDerivedTable(ctx: LakehouseContext, derived: LakeTable, work: ProcessingWork): Promise<JobCommit> {
  const { lake } = ctx;
  const connection = await ctx.session.connect();
  try {
    const partitions = ownPartitions(derived, work.partitions);
    await registerPartitions(connection, derived, partitions);
    let rowsIn = 0;
    for (const ref of derived.upstream) {
      const upstream = getTable(lake.manifest, ref);
      const snapshotId = work.upstreamSnapshots[ref] ?? null;
      if (snapshotId === null) {
        await connection.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdentifier(upstream.name)} AS ${parquetSelect(upstream, icebergSchema(upstream), [])}`);
        continue;
      }
      // The input partitioned like this table is read only in the partitions being rebuilt.
      const pruned = JSON.stringify(upstream.partitionBy) === JSON.stringify(derived.partitionBy) && derived.partitionBy.length > 0;
      const files = await createTableView(connection, upstream.name, await lake.load(upstream), upstream, { snapshotId, ...(pruned ? { partitions } : {}) });
      rowsIn += files.reduce((n, f) => n + f.recordCount, 0);
    }
    const writeId = randomUUID();
    return await commitWork(ctx, derived, work, async (table) => {
      const written = await writeDataFiles(connection, table, derived, derivedTableSql(derived.ref), writeId);
      const rewritten = derived.partitionBy.length === 0 ? [{}] : partitions;
      return overwritePartitions(table, rewritten, written.files, summaryOptions(work, { rowsIn, partitionsRewritten: partitions.length, downstreamPartitions: partitions }));
    });
  } finally {
    connection.closeSync();
  }
}

/**
 * The requested partitions in this table's own partitioning: the upstream commits name partitions of theirs, and a
 * table partitioned more coarsely (review_year of (review_year, review_month)) recomputes each of its partitions once.
 */
function ownPartitions(table: LakeTable, requested: readonly PartitionValues[]): PartitionValues[] {
  const columns = table.partitionBy.map((p) => p.column);
  const own = new Map<string, PartitionValues>();
  for (const partition of requested) {
    const missing = columns.filter((c) => !(c in partition));
    if (missing.length > 0) throw new Error(`${table.ref}: the work names partitions without its partition column(s) ${missing.join(', ')} (${JSON.stringify(partition)})`);
    const values = Object.fromEntries(columns.map((c) => [c, partition[c] ?? null]));
    own.set(JSON.stringify(values), values);
  }
  return [...own.values()];
}

/** The `touched_partitions` input of the transform SQL. */
async function registerPartitions(connection: DuckDBConnection, table: LakeTable, partitions: readonly PartitionValues[]): Promise<void> {
  const columns = table.partitionBy.map((p) => {
    const column = table.columns.find((c) => c.name === p.column);
    return `${quoteIdentifier(p.column)} ${duckdbType(column?.type ?? 'int')}`;
  });
  await connection.run(`CREATE OR REPLACE TEMP TABLE touched_partitions (${columns.join(', ')})`);
  if (partitions.length === 0) return;
  const values = partitions.map((p) => `(${table.partitionBy.map((f) => (p[f.column] === null || p[f.column] === undefined ? 'NULL' : Number(p[f.column]))).join(', ')})`);
  await connection.run(`INSERT INTO touched_partitions VALUES ${values.join(', ')}`);
}
