// One scale of the bench, in a fresh folder, with the built CLI as a user would run it: `init` (the lake home's
// paths), `seed` the extracts, `ingest` each, then `process all` on the fresh home, measured as a whole and per
// stage (the journal's Map states, attributed from the samples).
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { JobResult } from '@datamaster/lake-contract';
import { FileExecutionJournal } from '@datamaster/orchestration/journal';
import type { ProcessingRun } from '../src/index.js';
import { runCli, type CommandUsage } from './cli-command.js';
import { stagesOf } from './journal-stages.js';
import { usageBetween } from './stage-usage.js';

export interface StepFigures {
  readonly name: string;
  readonly wallMs: number;
  /** Absent for a job that shared its stage with others: only the stage's are its own. */
  readonly cpuMs?: number;
  readonly peakRssBytes?: number;
  /** The peak size of the spill folder while the step ran; absent where nothing spills (seed, ingest). */
  readonly peakSpillBytes?: number;
  /** Rows the step read: a job's rows in, a stage's its jobs', and for whole commands the extracts' rows. */
  readonly rows: number;
}

export interface StageFigures extends StepFigures {
  /** Each job's claim-to-settle time and rows in. */
  readonly jobs: readonly StepFigures[];
}

export interface ScaleFigures {
  readonly scale: number;
  /** The memory budget processing ran under: --memory-limit, else the lake home's. */
  readonly budget: string;
  /** Rows of the seed's extracts, all tables. */
  readonly rows: number;
  readonly seed: StepFigures;
  /** Every extract through `datamaster ingest`, one command each. */
  readonly ingest: StepFigures;
  readonly stages: readonly StageFigures[];
  readonly processAll: StepFigures;
  /** The machine's 1-minute load average as `process all` started and as it ended: others' work stretches wall times. */
  readonly loadAverage: readonly [number, number];
}

/** What `datamaster init --json` says of the home (LakeHome) that the bench uses. */
interface HomePaths {
  readonly executionsDir: string;
  readonly spillDir: string;
  readonly memoryLimitBytes: number;
}

interface SeedSummary {
  readonly tables: readonly { readonly table: string; readonly path: string; readonly rows: number }[];
}

/** The run did not do what a run from a fresh home does: every table's job commits. */
export class IncompleteRunError extends Error {
  override readonly name = 'IncompleteRunError';
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const usageOf = ({ wallMs, cpuMs, peakRssBytes }: CommandUsage) => ({ wallMs, cpuMs, peakRssBytes });

async function processingFigures(global: readonly string[], home: HomePaths, rows: number): Promise<Pick<ScaleFigures, 'stages' | 'processAll' | 'loadAverage'>> {
  const loadBefore = loadavg()[0] as number;
  const measured = await runCli([...global, 'process', 'all', '--json'], { spillDir: home.spillDir });
  const loadAverage = [loadBefore, loadavg()[0] as number] as const;
  const run = JSON.parse(measured.stdout) as ProcessingRun;
  const idle = run.results.filter((r) => r.status !== 'committed').map((r) => r.ref);
  if (run.failures.length > 0 || idle.length > 0) throw new IncompleteRunError(`process all on a fresh home left tables without a commit: ${[...run.failures.map((f) => `${f.ref} (${f.error})`), ...idle.map((ref) => `${ref} (nothing to do)`)].join(', ')}`);
  const execution = await new FileExecutionJournal(home.executionsDir).execution(run.executionId);
  if (execution === undefined) throw new IncompleteRunError(`The journal in ${home.executionsDir} has no execution ${run.executionId}.`);
  const results = new Map<string, JobResult>(run.results.map((r) => [r.ref, r]));
  const stages = stagesOf(execution.history).map((stage) => {
    const jobs = stage.refs.map((ref) => {
      const result = results.get(ref);
      if (result === undefined) throw new IncompleteRunError(`${stage.name} handled ${ref}, which has no result in the run's output.`);
      return { name: ref, wallMs: result.durationMs, rows: result.rowsIn };
    });
    const usage = usageBetween(measured.samples, stage.startMs, stage.endMs);
    return { name: stage.name, wallMs: stage.endMs - stage.startMs, ...usage, rows: sum(jobs.map((j) => j.rows)), jobs };
  });
  const peakSpillBytes = Math.max(...measured.samples.map((s) => s.spillBytes));
  return { stages, processAll: { name: 'process all', ...usageOf(measured), peakSpillBytes, rows }, loadAverage };
}

export async function runScale(options: { readonly scale: number; readonly dir: string; readonly memoryLimit?: string; readonly progress: (line: string) => void }): Promise<ScaleFigures> {
  const { scale, dir, memoryLimit, progress } = options;
  const global = ['--home', join(dir, 'home'), ...(memoryLimit === undefined ? [] : ['--memory-limit', memoryLimit])];
  const home = JSON.parse((await runCli([...global, 'init', '--json'])).stdout) as HomePaths;

  const seeded = await runCli([...global, 'seed', '--out', join(dir, 'seed'), '--scale', String(scale), '--json']);
  const { tables } = JSON.parse(seeded.stdout) as SeedSummary;
  const rows = sum(tables.map((t) => t.rows));
  progress(`scale ${scale}: seed, ${rows.toLocaleString('en-US')} rows in ${(seeded.wallMs / 1000).toFixed(1)} s`);

  const ingested: CommandUsage[] = [];
  for (const table of tables) ingested.push(await runCli([...global, 'ingest', table.path, '--table', table.table, '--json']));
  const ingest = { name: `ingest (${tables.length} extracts)`, wallMs: sum(ingested.map((i) => i.wallMs)), cpuMs: sum(ingested.map((i) => i.cpuMs)), peakRssBytes: Math.max(...ingested.map((i) => i.peakRssBytes)), rows };
  progress(`scale ${scale}: ingest, ${(ingest.wallMs / 1000).toFixed(1)} s`);

  const processing = await processingFigures(global, home, rows);
  progress(`scale ${scale}: process all, ${(processing.processAll.wallMs / 1000).toFixed(1)} s`);
  return {
    scale,
    budget: memoryLimit ?? `${home.memoryLimitBytes / 1e9}GB (the lake home's)`,
    rows,
    seed: { name: 'seed', ...usageOf(seeded), rows },
    ingest,
    ...processing,
  };
}
