// The silver job of one source table: claim the due bronze files, MERGE their changes into the rows of
// the partitions they touch, replace exactly those partitions in one Iceberg commit, hand review_flat the
// partitions to rebuild, then settle the ledger records.
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { commitWithRetry, overwritePartitions, type PartitionValues, type SnapshotId } from '@datamaster/iceberg';
import { getTable, type LakeTable } from '@datamaster/lake-manifest';
import { silverMergeSql } from '@datamaster/lake-manifest/transforms';
import { DEFAULT_LEASE_MS, DEFAULT_MAX_RECORDS_PER_RUN, nothingToDo, type JobRequest, type JobResult, type LakehouseContext } from '../engine/context.js';
import { JobFailedError } from '../errors.js';
import { createTableView, liveFiles } from '../engine/table-view.js';
import { writeDataFiles } from '../engine/write-data-files.js';
import { claimDueWork, failWork, succeedWork } from '../work/claim-due-work.js';
import { downstreamTables, registerDownstreamWork } from '../work/downstream-work.js';
import { bronzeFiles, loadChanges, sha256File } from './bronze-changes.js';
import { factPartitionsReferencing, partitionsToRewrite } from './touched-partitions.js';

export async function mergeSilverTable(ctx: LakehouseContext, silver: LakeTable, request: JobRequest): Promise<JobResult> {
  const started = Date.now();
  const { lake, ledger } = ctx;
  const owner = `${request.executionId}/${silver.ref}`;
  const records = await claimDueWork(ledger, {
    layer: 'silver',
    table: silver.name,
    owner,
    executionId: request.executionId,
    computeTarget: 'embedded',
    leaseMs: ctx.leaseMs ?? DEFAULT_LEASE_MS,
    limit: ctx.maxRecordsPerRun ?? DEFAULT_MAX_RECORDS_PER_RUN,
  });
  if (records.length === 0) return nothingToDo(silver.ref, started);
  const connection = await ctx.session.connect();
  try {
    const files = bronzeFiles(ctx.store, records);
    const rowsPerFile = await loadChanges(connection, getTable(lake.manifest, `bronze.${silver.name}`), files);
    const writeId = randomUUID();
    let outcome: { rows: number; bytes: number; files: number; partitions: PartitionValues[]; downstream: string[] } | undefined;
    const committed = await commitWithRetry(lake.catalog, lake.identifier(silver), async (table) => {
      const live = await liveFiles(table, silver);
      const partitions = await partitionsToRewrite(connection, silver, live);
      const lifecycle = silver.columns.filter((c) => c.origin !== 'computed').map((c) => c.name);
      await createTableView(connection, 'target', table, silver, { partitions, columns: lifecycle });
      await connection.run(`CREATE OR REPLACE TEMP TABLE merged AS ${silverMergeSql(silver)}`);
      const written = await writeDataFiles(connection, table, silver, 'SELECT * FROM merged', writeId);
      const metadata = await overwritePartitions(table, partitions, written.files);
      const snapshotId = metadata['current-snapshot-id'] as SnapshotId;
      const downstreamPartitions = await partitionsForDownstream(ctx, connection, silver, partitions);
      const downstream = await registerDownstreamWork(ledger, lake.manifest, silver, snapshotId, downstreamPartitions, written);
      outcome = { rows: written.rows, bytes: written.bytes, files: written.files.length, partitions, downstream };
      return metadata;
    });
    const snapshotId = committed.metadata['current-snapshot-id'] as SnapshotId;
    const checksums = new Map(await Promise.all(files.map(async (f) => [f.record.recordId, await sha256File(f.path)] as const)));
    const rowsOf = (path: string) => rowsPerFile.get(path) ?? 0;
    const pathOf = new Map(files.map((f) => [f.record.recordId, f.path]));
    await succeedWork(ledger, records, owner, (record) => {
      const rows = rowsOf(pathOf.get(record.recordId) ?? '');
      return {
        rowsIn: rows,
        rowsOut: rows,
        rowsQuarantined: 0,
        bytesIn: record.objectSize,
        bytesOut: 0,
        checksum: checksums.get(record.recordId) ?? '',
        outputKeys: [committed.metadataLocation],
        executionId: request.executionId,
        computeTarget: 'embedded',
        attributes: { snapshotId },
      };
    });
    const result = outcome as NonNullable<typeof outcome>;
    return {
      ref: silver.ref,
      status: 'committed',
      records: records.length,
      rowsIn: [...rowsPerFile.values()].reduce((a, b) => a + b, 0),
      rowsWritten: result.rows,
      filesAdded: result.files,
      partitionsRewritten: result.partitions.length,
      snapshotId,
      downstream: result.downstream,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    const failure = new JobFailedError(silver.ref, error);
    await failWork(ledger, records, owner, failure);
    throw failure;
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
