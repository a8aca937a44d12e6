// One processing job, as the state machine names it (--layer, --table): a source table's silver MERGE,
// or the rebuild of a derived table.
import type { LakeTable } from '@datamaster/lake-manifest';
import { rebuildDerivedTable } from '../derived/rebuild-derived-table.js';
import { NotProcessableTableError } from '../errors.js';
import { mergeSilverTable } from '../silver/merge-silver-table.js';
import type { JobRequest, JobResult, LakehouseContext } from './context.js';

export function processableTables(ctx: LakehouseContext): LakeTable[] {
  return ctx.lake.tables;
}

export async function runJob(ctx: LakehouseContext, request: JobRequest): Promise<JobResult> {
  const ref = `${request.layer}.${request.table}`;
  const table = processableTables(ctx).find((t) => t.ref === ref);
  if (table === undefined) throw new NotProcessableTableError(ref, processableTables(ctx).map((t) => t.ref));
  return table.source === undefined ? rebuildDerivedTable(ctx, table, request) : mergeSilverTable(ctx, table, request);
}
