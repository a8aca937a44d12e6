// The bronze worker's job, shared by the Lambda handler, the ECS task and local runs: claim the
// ledger record, stream the raw object through the converter into bronze (atomically, to a
// deterministic key), hand the result to silver, and record the outcome.
import { PassThrough } from 'node:stream';
import { convertToBronze, type BronzeConversionSummary } from '@datamaster/bronze';
import { abandonedLeaseOwner, type ControlLedger } from '@datamaster/control-ledger';
import type { LedgerRecord } from '@datamaster/lake-contract';
import type { ObjectStore } from '@datamaster/storage';
import { INGESTION_LEASE_MS, RAW_METADATA, bronzeObjectKey, emitJobMetrics, emitLineage, lineageColumns, lineageRunId, quarantineObjectKey, type LeaseHolder, type LineageContext, type MetricsSink } from '@datamaster/lake-contract';
import { lakeManifest } from '@datamaster/lake-manifest';
import { assertSourceTable } from './raw-objects.js';

export interface BronzeWorkerContext {
  readonly store: ObjectStore;
  readonly ledger: ControlLedger;
  readonly maskingKey: Buffer;
  /** Lease length; the worker renews it at a third of this while it runs. */
  readonly leaseMs?: number;
  /** The process taking leases (locally: so that its work is taken over at once if it dies). */
  readonly holder?: LeaseHolder;
  /** Locally: true when a lease's process is gone. On AWS absent: leases expire. */
  readonly holderGone?: (holder: LeaseHolder) => boolean;
  /** Where each run's metrics go (EMF lines): stdout on AWS, the lake home locally. */
  readonly metrics?: MetricsSink;
  /** Where each run's OpenLineage events go, and how its datasets are named. */
  readonly lineage?: LineageContext;
}

/** A running record whose process is gone: its work may be taken over now, not after the lease. */
export function abandonedRecord(ctx: Pick<BronzeWorkerContext, 'holderGone'>, record: LedgerRecord): boolean {
  return abandonedLeaseOwner(record, ctx.holderGone) !== undefined;
}

export interface BronzeWorkRequest {
  readonly recordId: string;
  /** Lease owner; the execution id when there is one, so the orchestrator's failure handler can act as the owner. */
  readonly owner: string;
  readonly computeTarget: string;
  readonly executionId?: string;
}

/** The conversion failed; the ledger already holds the error (and will retry or give up). */
export class BronzeWorkFailedError extends Error {
  override readonly name = 'BronzeWorkFailedError';
  constructor(
    readonly recordId: string,
    readonly record: LedgerRecord,
    cause: unknown,
  ) {
    super(`Bronze conversion of ${record.objectKey} (record ${recordId}) failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

async function convert(ctx: BronzeWorkerContext, record: LedgerRecord): Promise<{ summary: BronzeConversionSummary; bronzeKey: string; quarantineKey?: string }> {
  assertSourceTable(record.table);
  if (record.attributes['formatDeclaredBy'] === 'undeclared')
    throw new Error(`the format of ${record.objectKey} is not declared (no "format" metadata, no .csv.gz/.ndjson.gz extension) and its content is neither NDJSON nor a ${record.table} CSV header`);
  const info = await ctx.store.head(record.objectKey);
  const extractedAt = info?.metadata[RAW_METADATA.extractedAt];
  const bronzeKey = bronzeObjectKey(record);
  const quarantineKey = quarantineObjectKey(record);
  const output = new PassThrough();
  const quarantine = new PassThrough();
  const metadata = { table: record.table, 'raw-object-key': record.objectKey, 'raw-etag': record.etag };
  const stored = Promise.all([
    ctx.store.put(bronzeKey, output, { contentType: 'application/vnd.apache.parquet', metadata }),
    ctx.store.put(quarantineKey, quarantine, { contentType: 'application/x-ndjson', metadata }),
  ]);
  const summary = await convertToBronze({
    table: record.table,
    format: record.format === 'ndjson' ? 'ndjson' : 'csv',
    input: await ctx.store.get(record.objectKey),
    rawObjectKey: record.objectKey,
    ingestedAt: new Date(record.registeredAt),
    batchChangeTs: new Date(extractedAt ?? info?.lastModified ?? record.registeredAt),
    masking: { key: ctx.maskingKey },
    output,
    quarantine,
  }).catch(async (error: unknown) => {
    await stored.catch(() => undefined);
    throw error;
  });
  await stored;
  if (summary.rowsQuarantined > 0) return { summary, bronzeKey, quarantineKey };
  await ctx.store.delete(quarantineKey);
  return { summary, bronzeKey };
}

export async function processRawObject(ctx: BronzeWorkerContext, request: BronzeWorkRequest): Promise<LedgerRecord> {
  const leaseMs = ctx.leaseMs ?? INGESTION_LEASE_MS;
  const current = await ctx.ledger.get(request.recordId);
  const abandonedBy = current === undefined ? undefined : abandonedLeaseOwner(current, ctx.holderGone);
  const takeOver = abandonedBy === undefined ? {} : { takeOverFrom: abandonedBy };
  const record = await ctx.ledger.claim(request.recordId, {
    owner: request.owner,
    leaseMs,
    computeTarget: request.computeTarget,
    executionId: request.executionId,
    ...(ctx.holder === undefined ? {} : { holder: ctx.holder }),
    ...takeOver,
  });
  const heartbeat = setInterval(() => void ctx.ledger.heartbeat(record.recordId, request.owner, leaseMs).catch(() => undefined), leaseMs / 3);
  heartbeat.unref();
  const started = Date.now();
  const job = { table: `bronze.${record.table}`, layer: 'bronze', engine: request.computeTarget, at: new Date(started) };
  const properties = { recordId: record.recordId, objectKey: record.objectKey, ...(request.executionId === undefined ? {} : { executionId: request.executionId }) };
  const lineage = bronzeLineage(ctx.lineage, record);
  await lineage.emit('START');
  try {
    const { summary, bronzeKey, quarantineKey } = await convert(ctx, record);
    const bronze = await ctx.store.head(bronzeKey);
    // Silver's work item for this bronze object: registered before success, so it is never lost.
    if (bronze)
      await ctx.ledger.register({ layer: 'silver', table: record.table, objectKey: bronzeKey, etag: bronze.etag, objectSize: bronze.size, format: 'parquet', source: 'bronze', estimatedRecords: summary.rowsOut });
    const succeeded = await ctx.ledger.succeed(record.recordId, request.owner, {
      ...summary,
      outputKeys: [bronzeKey],
      quarantineKey,
      executionId: request.executionId,
      computeTarget: request.computeTarget,
    });
    const { rowsIn, rowsOut, rowsQuarantined, bytesOut: bytesWritten } = summary;
    await emitJobMetrics(ctx.metrics, job, { rowsIn, rowsOut, rowsQuarantined, bytesWritten, duration: Date.now() - started, attempt: record.attempts, succeeded: 1 }, properties);
    await lineage.emit('COMPLETE', { rowsIn, bytesIn: summary.bytesIn, rowsOut, bytesOut: bytesWritten });
    return succeeded;
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    const failed = await ctx.ledger.fail(record.recordId, request.owner, { message });
    await emitJobMetrics(ctx.metrics, job, { duration: Date.now() - started, attempt: record.attempts, failed: 1, dead: failed.status === 'dead' ? 1 : 0 }, properties);
    await lineage.emit('FAIL', undefined, message);
    throw new BronzeWorkFailedError(record.recordId, failed, error);
  } finally {
    clearInterval(heartbeat);
  }
}

/** A bronze run's lineage: the raw object in, the bronze table out (with the manifest's schema), one run per attempt. */
function bronzeLineage(lineage: LineageContext | undefined, record: LedgerRecord) {
  const ref = `bronze.${record.table}`;
  // Looked up without throwing: an object for an unknown table must reach the conversion, which fails its record
  // with the reason (a throw here would leave the record running).
  const table = lakeManifest().tables.find((t) => t.ref === ref);
  const columns = table === undefined ? undefined : lineageColumns(table.columns);
  const runId = lineageRunId(`${record.recordId}#${record.attempts}`);
  return {
    emit: (eventType: 'START' | 'COMPLETE' | 'FAIL', counts?: { rowsIn: number; bytesIn: number; rowsOut: number; bytesOut: number }, error?: string) =>
      lineage === undefined
        ? Promise.resolve()
        : emitLineage(lineage.sink, {
            eventType,
            at: new Date(),
            runId,
            namespace: lineage.namespace,
            job: ref,
            inputs: [{ namespace: lineage.rawStore, name: record.objectKey, ...(counts === undefined ? {} : { rows: counts.rowsIn, bytes: counts.bytesIn }) }],
            outputs: [{ namespace: lineage.warehouse, name: ref, ...(columns === undefined ? {} : { columns }), ...(counts === undefined ? {} : { rows: counts.rowsOut, bytes: counts.bytesOut }) }],
            ...(error === undefined ? {} : { error }),
          }),
  };
}
