// What the samples of a large ingest say: the resident sets at fixed shares of the raw object read, and whether
// memory stayed flat while the conversion read the rest of the file.
import type { ProcessRole, SampledRun, TreeSample } from './ingest-sampler.js';

/** Shares of the raw object read at which the resident sets are shown. */
export const CHECKPOINTS = [0.1, 0.25, 0.5, 0.75, 1] as const;
/** The share read by which memory must have reached its level, and how much it may grow after. */
const SETTLED_AT = 0.25;
const FLAT_TOLERANCE = 0.15;

export interface Checkpoint {
  readonly share: number;
  readonly sample: TreeSample;
}

export interface MemoryVerdict {
  readonly checkpoints: readonly Checkpoint[];
  /** When the task first had the raw object open, and when it last did (ms since the command started). */
  readonly conversion: { readonly fromMs: number; readonly toMs: number };
  /** The largest command + task sum until a quarter of the raw object was read, and over the whole run. */
  readonly peakSettled: number;
  readonly peakEnd: number;
  readonly flat: boolean;
}

/** The command's and the ECS task's resident sets together: the memory an ingest needs on its machine. */
export const ingestRss = (sample: TreeSample): number => (sample.rss.command ?? 0) + (sample.rss['ecs-task'] ?? 0);

/** Thrown when the samples never caught the task reading the raw object (the run failed, or finished between two samples). */
export class NoConversionSampledError extends Error {
  override readonly name = 'NoConversionSampledError';
  constructor(readonly samples: number) {
    super(`none of the ${samples} samples saw the ECS task reading the raw object: the run was too short to judge (generate a larger extract)`);
  }
}

export function judgeMemory(run: SampledRun, rawBytes: number): MemoryVerdict {
  const reading = run.samples.filter((sample) => sample.rawReadBytes !== undefined);
  const first = reading[0];
  const last = reading.at(-1);
  if (first === undefined || last === undefined) throw new NoConversionSampledError(run.samples.length);
  // The task closes the raw object as it reaches its end, so the last sample that has it open stands for 100%.
  const checkpoints = CHECKPOINTS.map((share) => ({ share, sample: reading.find((sample) => (sample.rawReadBytes ?? 0) >= share * rawBytes) ?? last }));
  const settledAt = checkpoints.find((checkpoint) => checkpoint.share === SETTLED_AT)?.sample.atMs ?? last.atMs;
  const peak = (samples: readonly TreeSample[]) => Math.max(...samples.map(ingestRss));
  const peakSettled = peak(run.samples.filter((sample) => sample.atMs <= settledAt));
  const peakEnd = peak(run.samples);
  return { checkpoints, conversion: { fromMs: first.atMs, toMs: last.atMs }, peakSettled, peakEnd, flat: peakEnd <= peakSettled * (1 + FLAT_TOLERANCE) };
}

const mib = (bytes: number | undefined) => (bytes === undefined ? '-' : (bytes / 2 ** 20).toFixed(0));

/** The report's lines: the resident sets at each checkpoint, each process's peak, and the verdict. */
export function describeMemory(run: SampledRun, verdict: MemoryVerdict, wallMs: number): string[] {
  const rows = [
    ['raw read', 'at s', 'of run', 'command MiB', 'ECS task MiB', 'sum MiB', 'ledger server MiB'],
    ...verdict.checkpoints.map(({ share, sample }) => [
      `${share * 100}%`,
      (sample.atMs / 1000).toFixed(1),
      `${Math.round((sample.atMs / wallMs) * 100)}%`,
      mib(sample.rss.command),
      mib(sample.rss['ecs-task']),
      mib(ingestRss(sample)),
      mib(sample.rss['ledger-server']),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((cells) => (cells[i] ?? '').length))) ?? [];
  const roles: readonly [ProcessRole, string][] = [['command', 'command'], ['ecs-task', 'ECS task'], ['ledger-server', 'ledger server']];
  const growth = ((verdict.peakEnd / verdict.peakSettled - 1) * 100).toFixed(1);
  return [
    `resident sets as the ECS task reads the raw object (conversion from ${(verdict.conversion.fromMs / 1000).toFixed(1)} s to ${(verdict.conversion.toMs / 1000).toFixed(1)} s):`,
    ...rows.map((cells) => `  ${cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ')}`),
    `peak RSS: ${roles.map(([role, name]) => `${name} ${mib(run.peakRss[role])} MiB`).join(', ')}; command + task ${mib(verdict.peakEnd)} MiB (sampled)`,
    `flat: command + task peaked at ${mib(verdict.peakSettled)} MiB by ${SETTLED_AT * 100}% read and ${mib(verdict.peakEnd)} MiB over the run (${growth}%, limit +${FLAT_TOLERANCE * 100}%): ${verdict.flat ? 'FLAT' : 'GROWS'}`,
  ];
}
