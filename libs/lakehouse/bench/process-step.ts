// The measured step: every layer processed through the processing state machine on the embedded engine
// (silver MERGE of the four source tables, then review_flat, then the five gold tables), as
// `datamaster process all` runs it; then the checks, outside the measurement. Last, a run with nothing to do
// gives the fixed floor every run pays.
import type { JobResult } from '@datamaster/lake-contract';
import { embeddedEngine } from '@datamaster/lakehouse';
import type { LocalLakehouse } from '@datamaster/local-platform/lakehouse';
import { runProcessing, type JobFailure, type ProcessingRun } from '@datamaster/processing';
import { openBenchLake, readState, type BenchState } from './bench-lake.js';
import { checkLake, type Check } from './checks.js';
import { measured, progress, type Usage } from './measure.js';

export interface ProcessStep {
  readonly usage: Usage;
  readonly jobs: readonly JobResult[];
  readonly failures: readonly JobFailure[];
  readonly checks: readonly Check[];
}

async function measuredRun(dir: string, check: (ctx: LocalLakehouse, state: BenchState, run: ProcessingRun) => Promise<Check[]>): Promise<ProcessStep> {
  const state = await readState(dir);
  const lake = await openBenchLake(dir);
  try {
    const { usage, value: run } = await measured(() =>
      runProcessing(lake.ctx.processing, embeddedEngine(lake.ctx), {
        layers: 'all',
        onJobDone: (r) => progress(`${r.ref.padEnd(30)} ${r.status === 'committed' ? `${r.rowsWritten} rows in ${r.partitionsRewritten} partition(s)` : r.status} (${(r.durationMs / 1000).toFixed(1)} s)`),
      }),
    );
    for (const failure of run.failures) progress(`${failure.ref.padEnd(30)} FAILED: ${failure.error}`);
    return { usage, jobs: run.results, failures: run.failures, checks: await check(lake.ctx, state, run) };
  } finally {
    await lake.close();
  }
}

/** Processes what the previous step brought to bronze, then checks the lake. */
export const processStep = (dir: string): Promise<ProcessStep> => measuredRun(dir, checkLake);

/** A run with nothing due: the fixed cost of the state machine, the ledger look-ups and opening the lake's tables. */
export const idleStep = (dir: string): Promise<ProcessStep> =>
  measuredRun(dir, async (_ctx, _state, run) => {
    const busy = run.results.filter((r) => r.status !== 'nothing-to-do').map((r) => r.ref);
    return [{ name: 'every job found nothing to do', ok: busy.length === 0 && run.failures.length === 0, detail: busy.join(', ') || `${run.results.length} jobs` }];
  });
