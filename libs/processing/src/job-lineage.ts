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

/** The tables a job reads: a source's silver table reads its bronze table; a derived table its upstream. */
function inputRefs(table: LakeTable): readonly string[] {
  return table.layer === 'silver' && table.source !== undefined ? [`bronze.${table.name}`] : table.upstream;
}

export async function emitJobLineage(ctx: ProcessingContext, table: LakeTable, workId: string, eventType: LineageEventType, counts?: JobLineageCounts, error?: string): Promise<void> {
  const lineage = ctx.lineage;
  if (lineage === undefined) return;
  const columnsOf = (ref: string) => {
    const found = ctx.lake.manifest.tables.find((t) => t.ref === ref);
    return found === undefined ? {} : { columns: lineageColumns(found.columns) };
  };
  const inputs = inputRefs(table);
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
