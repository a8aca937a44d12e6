// The silver job of one source table: MERGE the work's bronze files into the rows of the partitions they
// touch and replace exactly those partitions in one Iceberg commit, whose summary names the work and the
// partitions of review_flat it invalidates (the settle task hands those on).
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { currentSchema, overwritePartitions, type PartitionValues } from '@datamaster/iceberg';
import { downstreamTables, type JobCommit, type ProcessingWork } from '@datamaster/lake-contract';
import { getTable, type LakeTable } from '@datamaster/lake-manifest';
import { silverMergeSql } from '@datamaster/lake-manifest/transforms';
import { commitWork, summaryOptions } from '../engine/commit-work.js';
import type { LakehouseContext } from '../engine/context.js';
import { createTableView, liveFiles } from '../engine/table-view.js';
import { writeDataFiles } from '../engine/write-data-files.js';
import { bronzeFiles, loadChanges } from './bronze-changes.js';
import { factPartitionsReferencing, partitionsToRewrite } from './touched-partitions.js';

export async function mergeSilverTable(ctx: LakehouseContext, silver: LakeTable, work: ProcessingWork): Promise<JobCommit> {
  const { lake } = ctx;
  const connection = await ctx.session.connect();
  try {
    const rowsIn = await loadChanges(connection, getTable(lake.manifest, `bronze.${silver.name}`), bronzeFiles(ctx.store, work.inputs));
    const writeId = randomUUID();
    return await commitWork(ctx, silver, work, async (table) => {
      const live = await liveFiles(table, silver);
      const partitions = await partitionsToRewrite(connection, silver, currentSchema(table.metadata), live);
      const lifecycle = silver.columns.filter((c) => c.origin !== 'computed').map((c) => c.name);
      await createTableView(connection, 'target', table, silver, { partitions, columns: lifecycle });
      await connection.run(`CREATE OR REPLACE TEMP TABLE merged AS ${silverMergeSql(silver)}`);
      const written = await writeDataFiles(connection, table, silver, 'SELECT * FROM merged', writeId);
      const downstreamPartitions = await partitionsForDownstream(ctx, connection, silver, partitions);
      return overwritePartitions(table, partitions, written.files, summaryOptions(work, { rowsIn, partitionsRewritten: partitions.length, downstreamPartitions }));
    });
  } finally {
    connection.closeSync();
  }
}

/** The partitions of each downstream table this run invalidates (review_flat's months). */
async function partitionsForDownstream(ctx: LakehouseContext, connection: DuckDBConnection, silver: LakeTable, rewritten: PartitionValues[]): Promise<PartitionValues[]> {
  const [downstream] = downstreamTables(ctx.lake.manifest, silver);
  if (downstream === undefined) return [];
  const samePartitioning = JSON.stringify(downstream.partitionBy) === JSON.stringify(silver.partitionBy);
  if (samePartitioning) return rewritten;
  // A dimension: the fact partitions whose rows reference a changed key.
  const fact = downstream.upstream.map((ref) => getTable(ctx.lake.manifest, ref)).find((t) => JSON.stringify(t.partitionBy) === JSON.stringify(downstream.partitionBy));
  if (fact === undefined) return [{}];
  const columns = [...silver.primaryKey, ...fact.partitionBy.map((p) => p.column)].filter((c) => fact.columns.some((fc) => fc.name === c));
  await createTableView(connection, 'fact', await ctx.lake.load(fact), fact, { columns });
  return factPartitionsReferencing(connection, silver, fact, 'fact');
}
