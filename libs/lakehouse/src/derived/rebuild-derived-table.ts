// The job of a derived table (review_flat, the gold tables): recompute exactly the partitions its
// ledger work names from the current upstream tables, with the table's transform SQL, and replace
// those partitions in one commit. Re-running gives the same table, never appended duplicates.
import { createHash, randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { commitWithRetry, overwritePartitions, type PartitionValues, type SnapshotId } from '@datamaster/iceberg';
import { duckdbType, getTable, type LakeTable } from '@datamaster/lake-manifest';
import { derivedTableSql } from '@datamaster/lake-manifest/transforms';
import { DEFAULT_LEASE_MS, DEFAULT_MAX_RECORDS_PER_RUN, nothingToDo, type JobRequest, type JobResult, type LakehouseContext } from '../engine/context.js';
import { quoteIdentifier } from '../engine/sql.js';
import { createTableView } from '../engine/table-view.js';
import { writeDataFiles } from '../engine/write-data-files.js';
import { JobFailedError } from '../errors.js';
import { claimDueWork, failWork, succeedWork } from '../work/claim-due-work.js';
import { registerDownstreamWork, requestedPartitions } from '../work/downstream-work.js';

export async function rebuildDerivedTable(ctx: LakehouseContext, derived: LakeTable, request: JobRequest): Promise<JobResult> {
  const started = Date.now();
  const { lake, ledger } = ctx;
  const owner = `${request.executionId}/${derived.ref}`;
  const records = await claimDueWork(ledger, {
    layer: request.layer,
    table: derived.name,
    owner,
    executionId: request.executionId,
    computeTarget: 'embedded',
    leaseMs: ctx.leaseMs ?? DEFAULT_LEASE_MS,
    limit: ctx.maxRecordsPerRun ?? DEFAULT_MAX_RECORDS_PER_RUN,
  });
  if (records.length === 0) return nothingToDo(derived.ref, started);
  const connection = await ctx.session.connect();
  try {
    const partitions = requestedPartitions(records);
    await registerPartitions(connection, derived, partitions);
    let rowsIn = 0;
    for (const ref of derived.upstream) {
      const upstream = getTable(lake.manifest, ref);
      // The input partitioned like this table is read only in the partitions being rebuilt.
      const pruned = JSON.stringify(upstream.partitionBy) === JSON.stringify(derived.partitionBy) && derived.partitionBy.length > 0;
      const files = await createTableView(connection, upstream.name, await lake.load(upstream), upstream, pruned ? { partitions } : {});
      rowsIn += files.reduce((n, f) => n + f.recordCount, 0);
    }
    const writeId = randomUUID();
    let outcome: { rows: number; bytes: number; files: number; downstream: string[] } | undefined;
    const committed = await commitWithRetry(lake.catalog, lake.identifier(derived), async (table) => {
      const written = await writeDataFiles(connection, table, derived, derivedTableSql(derived.ref), writeId);
      const metadata = await overwritePartitions(table, derived.partitionBy.length === 0 ? [{}] : partitions, written.files);
      const downstream = await registerDownstreamWork(ledger, lake.manifest, derived, metadata['current-snapshot-id'] as SnapshotId, partitions, written);
      outcome = { rows: written.rows, bytes: written.bytes, files: written.files.length, downstream };
      return metadata;
    });
    const snapshotId = committed.metadata['current-snapshot-id'] as SnapshotId;
    const result = outcome as NonNullable<typeof outcome>;
    await succeedWork(ledger, records, owner, () => ({
      rowsIn,
      rowsOut: result.rows,
      rowsQuarantined: 0,
      bytesIn: 0,
      bytesOut: result.bytes,
      // The input of this run is the set of partitions; its digest tells two runs' inputs apart.
      checksum: partitionsDigest(partitions),
      outputKeys: [committed.metadataLocation],
      executionId: request.executionId,
      computeTarget: 'embedded',
      attributes: { snapshotId },
    }));
    return {
      ref: derived.ref,
      status: 'committed',
      records: records.length,
      rowsIn,
      rowsWritten: result.rows,
      filesAdded: result.files,
      partitionsRewritten: partitions.length,
      snapshotId,
      downstream: result.downstream,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    const failure = new JobFailedError(derived.ref, error);
    await failWork(ledger, records, owner, failure);
    throw failure;
  } finally {
    connection.closeSync();
  }
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

function partitionsDigest(partitions: readonly PartitionValues[]): string {
  return createHash('sha256').update(JSON.stringify(partitions.map((p) => JSON.stringify(p)).sort())).digest('hex');
}
