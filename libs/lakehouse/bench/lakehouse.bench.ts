// Lakehouse benchmark on the embedded defaults, in a temp lake home kept on disk between steps: an initial
// load of the seed dataset, a wave of updates and deletes of ~10% of the reviews, and a change confined to
// one month, each processed through every layer (silver MERGE, review_flat, gold), then a run with nothing
// to do (the floor every run pays). Every step runs in its own child process, so each processing step's
// time and peak RSS are its own. Prints the steps side by side, the checks and a conclusion.
// Run with `nx run lakehouse:bench` (scale 1: 1.5M reviews) or `nx run lakehouse:bench -- --scale 0.1`;
// `--keep` leaves the lake home for a look (`datamaster --home <dir>/home tables`).
// This folder is its own Nx project (lakehouse-bench, scope:platform): it composes seed-data, cdc, ingestion
// and the local platform, which the lakehouse library (scope:lakehouse) may not import.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadStep, seedStep, waveStep, WAVE_SHARE, type BronzeStep } from './bronze-steps.js';
import { runStep } from './measure.js';
import { MONTH_CHANGES, monthStep, type MonthStep } from './month-step.js';
import { idleStep, processStep, type ProcessStep } from './process-step.js';
import { printReport, type BenchRun } from './report.js';

const STEPS = {
  seed: seedStep,
  load: loadStep,
  wave: waveStep,
  month: monthStep,
  process: processStep,
  idle: idleStep,
} satisfies Record<string, (dir: string, scale: number) => Promise<unknown>>;
type StepName = keyof typeof STEPS;

/** A command-line option of the bench is out of its domain. */
export class BenchOptionError extends Error {
  override readonly name = 'BenchOptionError';
  constructor(option: string, value: string | undefined, expected: string) {
    super(`Invalid bench option ${option}=${JSON.stringify(value)}: expected ${expected}, e.g. nx run lakehouse:bench -- --scale 0.1`);
  }
}

function parseScale(text: string | undefined): number {
  const scale = Number(text ?? '1');
  if (!(Number.isFinite(scale) && scale > 0)) throw new BenchOptionError('--scale', text, 'the seed dataset scale, a number > 0 (1 = 1,500,000 reviews)');
  return scale;
}

async function main(scale: number, keep: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lakehouse-bench-'));
  const started = performance.now();
  console.log(`lakehouse benchmark, scale ${scale}; lake home ${join(dir, 'home')}${keep ? ' (kept)' : ''}`);
  const step = <T>(name: StepName, title: string): Promise<T> => {
    console.log(`\n${title}`);
    return runStep<T>(name, ['--dir', dir, '--scale', String(scale)]);
  };
  // A failed job leaves nothing worth measuring after it.
  const processing = async (title: string): Promise<ProcessStep> => {
    const result = await step<ProcessStep>('process', title);
    if (result.failures.length > 0) throw new Error(`${title}: ${result.failures.map((f) => `${f.ref} failed: ${f.error}`).join('; ')}`);
    return result;
  };
  try {
    const seed = await step<BenchRun['seed']>('seed', '1/8 seed dataset');
    const load = await step<BronzeStep>('load', '2/8 batch extracts → raw → bronze');
    const initial = await processing('3/8 processing: initial load');
    const wave = await step<BronzeStep>('wave', `4/8 wave: ${WAVE_SHARE * 100}% of the reviews as updates and deletes → bronze`);
    const afterWave = await processing('5/8 processing: wave');
    const month = await step<MonthStep>('month', `6/8 one month: ${MONTH_CHANGES} review updates → bronze`);
    const afterMonth = await processing('7/8 processing: one month');
    const idle = await step<ProcessStep>('idle', '8/8 processing: nothing to do');
    const ok = printReport({ scale, seed, load, initial, wave, afterWave, month, afterMonth, idle });
    console.log(`\nbench finished in ${((performance.now() - started) / 1000).toFixed(0)} s${ok ? '' : '; SOME CHECKS FAILED'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { scale: { type: 'string' }, keep: { type: 'boolean' }, step: { type: 'string' }, dir: { type: 'string' } } });
const scale = parseScale(values.scale);
if (values.step === undefined) await main(scale, values.keep === true);
else {
  const name = values.step as StepName;
  if (!(name in STEPS) || values.dir === undefined) throw new BenchOptionError('--step', values.step, `one of ${Object.keys(STEPS).join(', ')}, with --dir`);
  console.log(JSON.stringify(await STEPS[name](values.dir, scale)));
}
