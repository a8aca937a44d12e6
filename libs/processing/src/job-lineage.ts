// A silver or gold job's OpenLineage run: its input tables (the bronze table of a source, a derived table's
// upstream tables) and the table it writes, one run per work id, START at the claim, COMPLETE at the settle and
// FAIL at the fail task — the same on both engines, since these tasks are the engines' common driver.
import { emitLineage, lineageColumns, lineageRunId, type LineageEventType } from '@datamaster/lake-contract';
import type { LakeTable } from '@datamaster/lake-manifest';
import type { ProcessingContext } from './context.js';

export interface JobLineageCounts {
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly bytesOut: number;
}

export async function emitJobLineage(ctx: ProcessingContext, table: LakeTable, workId: string, eventType: LineageEventType, counts?: JobLineageCounts, error?: string): Promise<void> {
  const lineage = ctx.lineage;
  if (lineage === undefined) return;
  const columnsOf = (ref: string) => ({ columns: lineageColumns(ctx.lake.table(ref).columns) });
  // A silver table's upstream is its bronze table; a derived table's, the tables its transform reads.
  const inputs = table.upstream;
  await emitLineage(lineage.sink, {
    eventType,
    at: ctx.clock?.() ?? new Date(),
    runId: lineageRunId(workId),
    namespace: lineage.namespace,
    job: table.ref,
    // A job's rows in are counted over all its inputs: they go with the first.
    inputs: inputs.map((ref, i) => ({ namespace: lineage.warehouse, name: ref, ...columnsOf(ref), ...(counts === undefined || i > 0 ? {} : { rows: counts.rowsIn }) })),
    outputs: [{ namespace: lineage.warehouse, name: table.ref, ...columnsOf(table.ref), ...(counts === undefined ? {} : { rows: counts.rowsOut, bytes: counts.bytesOut }) }],
    ...(error === undefined ? {} : { error }),
  });
}
