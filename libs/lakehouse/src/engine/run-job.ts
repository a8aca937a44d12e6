// The embedded engine: each job the processing state machine starts (--layer, --table, --work) runs in
// this process on DuckDB, committing through our Iceberg layer: a source table's silver MERGE, or the
// rebuild of a derived table.
import { icebergTables, type JobCommit, type ProcessingWork } from '@datamaster/lake-contract';
import { NotProcessableTableError, readWorkFile, type JobRequest, type ProcessingEngine } from '@datamaster/processing';
import { rebuildDerivedTable } from '../derived/rebuild-derived-table.js';
import { JobFailedError } from '../errors.js';
import { mergeSilverTable } from '../silver/merge-silver-table.js';
import { EMBEDDED_ENGINE, type LakehouseContext } from './context.js';

export async function runJob(ctx: LakehouseContext, work: ProcessingWork): Promise<JobCommit> {
  const ref = `${work.layer}.${work.table}`;
  const tables = icebergTables(ctx.lake.manifest);
  const table = tables.find((t) => t.ref === ref);
  if (table === undefined) throw new NotProcessableTableError(ref, tables.map((t) => t.ref));
  try {
    return await (table.source === undefined ? rebuildDerivedTable(ctx, table, work) : mergeSilverTable(ctx, table, work));
  } catch (error) {
    throw new JobFailedError(ref, error);
  }
}

export function embeddedEngine(ctx: LakehouseContext): ProcessingEngine {
  return {
    name: EMBEDDED_ENGINE,
    runJob: async (request: JobRequest) => runJob(ctx, await readWorkFile(ctx.store, request.workKey)),
  };
}
