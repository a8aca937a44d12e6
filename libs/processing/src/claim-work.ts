// The claim task: takes a table's due ledger records under one lease and writes their work file. Due means
// pending, failed with its next attempt come, or running under a lease that expired or whose process is
// gone (locally). A record whose earlier attempt had committed (its work id is in a snapshot summary) is
// settled from that commit instead of being run again: exactly once across a crash between commit and settle.
import {
  LedgerAttemptsExhaustedError,
  LedgerConflictError,
  MAX_RECORDS_PER_JOB,
  PROCESSING_LEASE_MS,
  WORK_FILE_VERSION,
  emitJobMetrics,
  heldWork,
  leaseExpired,
  newWorkId,
  workFileKey,
  type ClaimOutcome,
  type LedgerRecord,
  type LedgerStatus,
  type ProcessingJobLayer,
  type ProcessingWork,
} from '@datamaster/lake-contract';
import { abandonedLeaseOwner } from '@datamaster/control-ledger';
import type { CatalogLayer, LakeTable } from '@datamaster/lake-manifest';
import { committedWork } from './committed-work.js';
import { leaseOwner, type ProcessingContext } from './context.js';
import { requestedPartitions } from './downstream-work.js';
import { NotProcessableTableError } from './errors.js';
import { emitJobLineage } from './job-lineage.js';
import { settleCommitted } from './settle-work.js';
import { readWorkFile, writeWorkFile } from './work-files.js';

export interface ClaimRequest {
  readonly layer: ProcessingJobLayer;
  readonly table: string;
  readonly executionId: string;
}

const WORK_ID_ATTRIBUTE = 'workId';

const takeOver = (owner: string | undefined) => (owner === undefined ? {} : { takeOverFrom: owner });

async function openRecords(ctx: ProcessingContext, table: LakeTable): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = [];
  for (const status of ['pending', 'failed', 'running'] satisfies LedgerStatus[])
    records.push(...(await ctx.ledger.listAll({ table: table.name, layer: table.layer as CatalogLayer, status })));
  return records;
}

function isDue(record: LedgerRecord, abandonedBy: string | undefined, now: Date): boolean {
  if (record.status === 'pending') return true;
  if (record.status === 'failed') return record.nextAttemptAt !== undefined && record.nextAttemptAt <= now.toISOString();
  return leaseExpired(record, now) || abandonedBy !== undefined;
}

function processable(ctx: ProcessingContext, request: ClaimRequest): LakeTable {
  const ref = `${request.layer}.${request.table}`;
  const table = ctx.lake.tables.find((t) => t.ref === ref);
  if (table === undefined) throw new NotProcessableTableError(ref, ctx.lake.tables.map((t) => t.ref));
  return table;
}

/**
 * How long the oldest work not yet in the table has waited (0 when none waits): emitted by every run for every
 * table, so the freshness panels and alarms see a lag grow even while nothing commits.
 */
async function emitFreshnessLag(ctx: ProcessingContext, table: LakeTable, open: readonly LedgerRecord[], now: Date): Promise<void> {
  const oldest = open.reduce<string | undefined>((min, r) => (min === undefined || r.registeredAt < min ? r.registeredAt : min), undefined);
  const lagSeconds = oldest === undefined ? 0 : Math.max(0, (now.getTime() - Date.parse(oldest)) / 1000);
  await emitJobMetrics(ctx.metrics, { table: table.ref, layer: table.layer, engine: ctx.engine ?? 'unknown', at: now }, { freshnessLag: Math.round(lagSeconds) });
}

export async function claimWork(ctx: ProcessingContext, request: ClaimRequest): Promise<ClaimOutcome> {
  const table = processable(ctx, request);
  const now = ctx.clock?.() ?? new Date();
  const open = await openRecords(ctx, table);
  await emitFreshnessLag(ctx, table, open, now);
  // Whose lease each record's dead holder left (checked once: it reads the process table).
  const abandonedBy = new Map(open.map((r) => [r.recordId, abandonedLeaseOwner(r, ctx.holderGone)]));
  const due = open
    .filter((r) => isDue(r, abandonedBy.get(r.recordId), now))
    // Oldest first, so a capped run takes the changes in arrival order.
    .sort((a, b) => a.registeredAt.localeCompare(b.registeredAt))
    .slice(0, ctx.maxRecordsPerJob ?? MAX_RECORDS_PER_JOB);
  const held = heldWork(open.filter((r) => r.status === 'running' && !due.includes(r)));
  const owner = leaseOwner(request.executionId, table.ref);
  const workId = newWorkId(now);
  const claimed: { record: LedgerRecord; previousWorkId?: string }[] = [];
  for (const record of due) {
    try {
      const taken = await ctx.ledger.claim(record.recordId, {
        owner,
        leaseMs: ctx.leaseMs ?? PROCESSING_LEASE_MS,
        now,
        executionId: request.executionId,
        ...(ctx.holder === undefined ? {} : { holder: ctx.holder }),
        ...takeOver(abandonedBy.get(record.recordId)),
        attributes: { [WORK_ID_ATTRIBUTE]: workId },
      });
      const previousWorkId = record.attributes[WORK_ID_ATTRIBUTE];
      claimed.push({ record: taken, ...(previousWorkId === undefined ? {} : { previousWorkId }) });
    } catch (error) {
      // Another run claimed it meanwhile, or its last attempt was used up (now dead, with the reason).
      if (!(error instanceof LedgerConflictError) && !(error instanceof LedgerAttemptsExhaustedError)) throw error;
    }
  }
  const recovered = await settleAlreadyCommitted(ctx, table, claimed, owner);
  const work = claimed.filter((c) => !recovered.has(c.record.recordId)).map((c) => c.record);
  const outcome = { ref: table.ref, recovered: recovered.size, held };
  if (work.length === 0) return { ...outcome, status: 'nothing-to-do', records: 0 };
  const workKey = await writeWorkFile(ctx.store, await workFor(ctx, table, request, workId, work, now));
  await emitJobLineage(ctx, table, workId, 'START');
  return { ...outcome, status: 'claimed', workId, workKey, records: work.length };
}

/** Settles the records whose earlier attempt's work is in a snapshot; returns their ids. */
async function settleAlreadyCommitted(ctx: ProcessingContext, table: LakeTable, claimed: readonly { record: LedgerRecord; previousWorkId?: string }[], owner: string): Promise<Set<string>> {
  const settled = new Set<string>();
  const previous = [...new Set(claimed.map((c) => c.previousWorkId).filter((id): id is string => id !== undefined))];
  if (previous.length === 0) return settled;
  const iceberg = await ctx.lake.load(table);
  for (const workId of previous) {
    const commit = committedWork(iceberg, workId);
    if (commit === undefined) continue;
    const work = await readWorkFile(ctx.store, workFileKey(table.layer, table.name, workId));
    const ids = claimed.filter((c) => c.previousWorkId === workId).map((c) => c.record.recordId);
    await settleCommitted(ctx, table, work, commit, ids, owner);
    ids.forEach((id) => settled.add(id));
  }
  return settled;
}

async function workFor(ctx: ProcessingContext, table: LakeTable, request: ClaimRequest, workId: string, records: readonly LedgerRecord[], now: Date): Promise<ProcessingWork> {
  const current = async (t: LakeTable) => (await ctx.lake.load(t)).metadata['current-snapshot-id'] ?? null;
  const derived = table.source === undefined;
  const upstreamSnapshots: Record<string, string | null> = {};
  if (derived) for (const ref of table.upstream) upstreamSnapshots[ref] = await current(ctx.lake.table(ref));
  return {
    version: WORK_FILE_VERSION,
    workId,
    layer: request.layer,
    table: request.table,
    executionId: request.executionId,
    claimedAt: now.toISOString(),
    baseSnapshotId: await current(table),
    inputs: derived ? [] : records.map((r) => ({ recordId: r.recordId, objectKey: r.objectKey, etag: r.etag, objectSize: r.objectSize, rows: r.estimatedRecords ?? 0 })),
    partitions: derived ? requestedPartitions(records) : [],
    upstreamSnapshots,
    recordIds: records.map((r) => r.recordId),
  };
}
