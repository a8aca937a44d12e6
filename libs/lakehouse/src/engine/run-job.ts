// The embedded engine: each job the processing state machine starts (--layer, --table, --work) runs in
// this process on DuckDB, committing through our Iceberg layer: a source table's silver MERGE, or the
// rebuild of a derived table.
import { icebergTables, type JobCommit, type ProcessingWork } from '@datamaster/lake-contract';
import { NotProcessableTableError, readWorkFile, type JobRequest, type ProcessingEngine } from '@datamaster/processing';
import { rebuildDerivedTable } from '../derived/rebuild-derived-table.js';
import { EngineOutOfMemoryError, JobFailedError } from '../errors.js';
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
    const outOfMemory = duckdbOutOfMemory(error);
    throw outOfMemory === undefined ? new JobFailedError(ref, error) : new EngineOutOfMemoryError(ref, ctx.session.options, outOfMemory);
  }
}

/** DuckDB's out-of-memory error, whether thrown as is or as the cause of one of ours. */
function duckdbOutOfMemory(error: unknown): Error | undefined {
  for (let e = error; e instanceof Error; e = e.cause) if (e.message.startsWith('Out of Memory Error:')) return e;
  return undefined;
}

export function embeddedEngine(ctx: LakehouseContext): ProcessingEngine {
  return {
    name: EMBEDDED_ENGINE,
    runJob: async (request: JobRequest) => runJob(ctx, await readWorkFile(ctx.store, request.workKey)),
  };
}
