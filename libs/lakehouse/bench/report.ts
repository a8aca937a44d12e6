// The printed figures: bronze preparation apart, then the three processing steps side by side (totals and
// per job), the checks, and the conclusion drawn from this run's own numbers.
import { lakeManifest } from '@datamaster/lake-manifest';
import type { JobResult } from '@datamaster/lake-contract';
import type { BronzeStep } from './bronze-steps.js';
import type { ChangeCounts } from './deliver.js';
import type { MonthStep } from './month-step.js';
import type { ProcessStep } from './process-step.js';

export interface BenchRun {
  readonly scale: number;
  readonly seed: { readonly usage: BronzeStep['usage']; readonly rows: Readonly<Record<string, number>> };
  readonly load: BronzeStep;
  readonly initial: ProcessStep;
  readonly wave: BronzeStep;
  readonly afterWave: ProcessStep;
  readonly month: MonthStep;
  readonly afterMonth: ProcessStep;
  /** A run with nothing due, after the others. */
  readonly idle: ProcessStep;
}

/**
 * The one-month step follows the change when it rewrites one partition per table and its CPU time above the
 * floor (a run with nothing to do) is at most this share of the initial load's. CPU time, not wall time:
 * other processes on a shared machine stretch wall time far more than the CPU a step uses.
 */
const INCREMENTAL_SHARE = 0.1;

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const ratio = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(3));
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const listed = (counts: Readonly<Record<string, number>>) => Object.entries(counts).map(([k, v]) => `${k} ${int(v)}`).join(', ');
const changesText = (changes: ChangeCounts | undefined) =>
  Object.entries(changes ?? {})
    .map(([table, ops]) => `${table}: ${listed(ops)}`)
    .join('; ');

/** Numbers right-aligned; the first column, and the text ones named, left-aligned. */
function printTable(header: readonly string[], body: readonly (readonly string[])[], textColumns: readonly number[] = []): void {
  const lines = [header, ...body];
  const widths = header.map((_, i) => Math.max(...lines.map((cells) => (cells[i] ?? '').length)));
  const align = (cell: string, i: number) => (i === 0 || textColumns.includes(i) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0));
  for (const cells of lines) console.log(`  ${cells.map(align).join('  ')}`.trimEnd());
}

const written = (step: ProcessStep) => sum(step.jobs.map((j) => j.rowsWritten));
const partitions = (step: ProcessStep) => sum(step.jobs.map((j) => j.partitionsRewritten));
const job = (step: ProcessStep, ref: string): JobResult | undefined => step.jobs.find((j) => j.ref === ref);

/** Jobs in the manifest's (dependency) order, not the order parallel jobs happened to end in. */
function byManifestOrder(jobs: readonly JobResult[]): JobResult[] {
  const order: string[] = lakeManifest().tables.map((t) => t.ref);
  return [...jobs].sort((a, b) => order.indexOf(a.ref) - order.indexOf(b.ref));
}

/** Prints the report; returns whether every check held. */
export function printReport(run: BenchRun): boolean {
  const { seed, load, wave, month, initial, afterWave, afterMonth, idle } = run;
  const steps = [initial, afterWave, afterMonth] as const;
  const monthName = `${month.year}-${String(month.month).padStart(2, '0')}`;

  console.log('\nbronze, through the real ingestion path (prepares the processing steps; not what is measured)');
  printTable(
    ['', 'wall s', 'peak RSS MiB', 'raw objects', 'what'],
    [
      ['seed dataset', seconds(seed.usage.ms), int(seed.usage.peakRssMib), '', `${int(sum(Object.values(seed.rows)))} rows (${listed(seed.rows)})`],
      ['extracts → bronze', seconds(load.usage.ms), int(load.usage.peakRssMib), String(load.rawObjects), `${int(sum(Object.values(load.rows)))} rows, ${int(load.quarantined)} quarantined`],
      ['wave → bronze', seconds(wave.usage.ms), int(wave.usage.peakRssMib), String(wave.rawObjects), changesText(wave.changes)],
      ['one month → bronze', seconds(month.usage.ms), int(month.usage.peakRssMib), String(month.rawObjects), `${changesText(month.changes)} (all in ${monthName})`],
    ],
    [4],
  );

  console.log('\nprocessing all layers (runProcessing, layers "all"), each step in its own process');
  const bronzeIn = [load, wave, month].map((s) => sum(Object.values(s.rows)));
  const all = [...steps, idle];
  const row = (name: string, values: readonly number[], format: (v: number) => string) => [
    name,
    ...values.map(format),
    ratio(values[1] ?? 0, values[0] ?? 0),
    ratio(values[2] ?? 0, values[0] ?? 0),
  ];
  printTable(
    ['', 'initial', 'wave', 'one month', 'nothing to do', 'wave/initial', 'month/initial'],
    [
      row('bronze rows in', [...bronzeIn, 0], int),
      row('wall s', all.map((s) => s.usage.ms), seconds),
      row('CPU s', all.map((s) => s.usage.cpuMs), seconds),
      row('peak RSS MiB', all.map((s) => s.usage.peakRssMib), int),
      row('rows written', all.map(written), int),
      row('partitions rewritten', all.map(partitions), int),
    ],
  );

  console.log('\nper job (jobs of one stage run in parallel): wall s | rows written | partitions rewritten; · = nothing to do');
  const cell = (result: JobResult | undefined, pick: (r: JobResult) => string) => (result === undefined || result.status === 'nothing-to-do' ? '·' : pick(result));
  printTable(
    ['job', 's initial', 's wave', 's month', 'rows initial', 'rows wave', 'rows month', 'parts i', 'parts w', 'parts m'],
    byManifestOrder(initial.jobs).map((j) => [
      j.ref,
      ...steps.map((s) => cell(job(s, j.ref), (r) => seconds(r.durationMs))),
      ...steps.map((s) => cell(job(s, j.ref), (r) => int(r.rowsWritten))),
      ...steps.map((s) => cell(job(s, j.ref), (r) => String(r.partitionsRewritten))),
    ]),
  );

  console.log('\nchecks (read back with DuckDB)');
  const checks = [['initial', initial], ['wave', afterWave], ['one month', afterMonth], ['nothing to do', idle]] as const;
  for (const [name, step] of checks) for (const c of step.checks) console.log(`  ${c.ok ? 'ok    ' : 'FAILED'} ${name}: ${c.name} — ${c.detail}`);

  const months = job(initial, 'silver.review')?.partitionsRewritten ?? 0;
  const aboveFloor = (pick: (u: ProcessStep['usage']) => number) => Math.max(0, pick(afterMonth.usage) - pick(idle.usage)) / Math.max(1, pick(initial.usage) - pick(idle.usage));
  const [wallAbove, cpuAbove] = [aboveFloor((u) => u.ms), aboveFloor((u) => u.cpuMs)];
  const widest = Math.max(0, ...afterMonth.jobs.map((j) => j.partitionsRewritten));
  const follows = widest <= 1 && cpuAbove <= INCREMENTAL_SHARE;
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const share = (step: ProcessStep) => percent(step.usage.ms / initial.usage.ms);
  console.log(
    `\nconclusion: the one-month change (${int(month.rows['review'] ?? 0)} review updates in ${monthName}) took ${seconds(afterMonth.usage.ms)} s, ${share(afterMonth)} of the ` +
      `initial load (${seconds(initial.usage.ms)} s); a run with nothing to do takes ${seconds(idle.usage.ms)} s (${seconds(idle.usage.cpuMs)} s CPU), and above that floor ` +
      `the change cost ${percent(wallAbove)} of the initial load's wall time and ${percent(cpuAbove)} of its CPU time. It rewrote at most ${widest} partition per table ` +
      `(silver.review has ${months} months) and wrote ${int(written(afterMonth))} rows against ${int(written(initial))} (${percent(written(afterMonth) / written(initial))}). ` +
      `The wave (${int(bronzeIn[1] ?? 0)} changes, touching ${job(afterWave, 'silver.review')?.partitionsRewritten ?? 0} partitions of silver.review) took ${share(afterWave)} of the initial load.\n` +
      `Incremental cost follows the change, not the table (one partition per table; CPU above the floor ≤ ${percent(INCREMENTAL_SHARE)} of the initial load's): ${follows ? 'yes' : 'NO'}.`,
  );
  return [...steps, idle].every((s) => s.checks.every((c) => c.ok));
}
