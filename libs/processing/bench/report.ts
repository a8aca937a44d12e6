// The printed figures: one block per scale (each step, the jobs of each stage under it), a summary of `process all`
// across the scales with wall time per million rows, and one curve of wall time and peak memory against rows.
import { asciiCurve } from './ascii-curve.js';
import { SAMPLE_PERIOD_MS } from './sampler.js';
import type { ScaleFigures, StepFigures } from './scale-run.js';

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const seconds = (ms: number) => (ms / 1000).toFixed(2);
/** MB = 10^6 bytes, as the memory budget (2GB = 2·10^9 bytes) counts. */
const mb = (bytes: number) => int(bytes / 1e6);
const optional = (value: number | undefined, format: (v: number) => string) => (value === undefined ? '·' : format(value));
const rowsPerSecond = (step: StepFigures) => (step.wallMs > 0 ? int(step.rows / (step.wallMs / 1000)) : '–');
const compact = (value: number) => new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);

/** The first column left-aligned, the rest right-aligned. */
export function formatTable(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const lines = [header, ...body];
  const widths = header.map((_, i) => Math.max(...lines.map((cells) => (cells[i] ?? '').length)));
  return lines.map((cells) => `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')}`.trimEnd());
}

function stepRow(step: StepFigures, indent = ''): string[] {
  return [
    `${indent}${step.name}`,
    seconds(step.wallMs),
    optional(step.cpuMs, seconds),
    optional(step.peakRssBytes, mb),
    int(step.rows),
    rowsPerSecond(step),
    // A job shares its stage's spill (·); seed and ingest spill nothing (–).
    step.peakSpillBytes === undefined ? (step.cpuMs === undefined ? '·' : '–') : mb(step.peakSpillBytes),
  ];
}

/** What `process all` spent outside its stages: start-up, opening the lake, the claims before the first Map. */
function outsideStages({ stages, processAll }: ScaleFigures): string[] {
  const inStages = (pick: (s: StepFigures) => number) => stages.reduce((sum, stage) => sum + pick(stage), 0);
  return ['(outside the stages)', seconds(processAll.wallMs - inStages((s) => s.wallMs)), optional(processAll.cpuMs, (cpu) => seconds(cpu - inStages((s) => s.cpuMs ?? 0))), '·', '', '', '·'];
}

export function scaleBlock(figures: ScaleFigures): string[] {
  const { scale, rows, budget, seed, ingest, stages, processAll, loadAverage } = figures;
  const body = [stepRow(seed), stepRow(ingest)];
  for (const stage of stages) {
    body.push(stepRow({ ...stage, name: `${stage.name} (${stage.jobs.length} job${stage.jobs.length === 1 ? '' : 's'})` }));
    for (const job of stage.jobs) body.push(stepRow(job, '  '));
  }
  body.push(outsideStages(figures), stepRow(processAll));
  const load = `load average ${loadAverage[0].toFixed(1)} → ${loadAverage[1].toFixed(1)} over process all`;
  return [`scale ${scale}: ${int(rows)} rows in the extracts; memory budget ${budget}; ${load}`, ...formatTable(['step', 'wall s', 'CPU s', 'peak RSS MB', 'rows', 'rows/s', 'spill peak MB'], body)];
}

export function summaryBlock(all: readonly ScaleFigures[]): string[] {
  const sorted = [...all].sort((a, b) => a.rows - b.rows);
  const body = sorted.map(({ scale, processAll: p }) => [
    String(scale),
    int(p.rows),
    seconds(p.wallMs),
    optional(p.cpuMs, seconds),
    optional(p.peakRssBytes, mb),
    rowsPerSecond(p),
    optional(p.peakSpillBytes, mb),
    (p.wallMs / 1000 / (p.rows / 1e6)).toFixed(2),
  ]);
  return ['process all from a fresh home, by scale', ...formatTable(['scale', 'rows', 'wall s', 'CPU s', 'peak RSS MB', 'rows/s', 'spill peak MB', 'wall s per M rows'], body)];
}

export function curveBlock(all: readonly ScaleFigures[]): string[] {
  return asciiCurve({
    xLabel: 'rows',
    xs: all.map((f) => f.rows),
    formatX: compact,
    left: { mark: 'T', label: 'wall s', values: all.map((f) => f.processAll.wallMs / 1000), format: (v) => v.toFixed(1) },
    right: { mark: 'M', label: 'peak RSS MB', values: all.map((f) => (f.processAll.peakRssBytes ?? 0) / 1e6), format: int },
  }).map((line) => `  ${line}`);
}

export const NOTES = [
  'Jobs of a stage (a Map state of the processing state machine) run side by side, so CPU, peak RSS and spill are',
  "measured per stage (·: see the stage); a job's wall is its claim-to-settle time. Peak RSS of a stage is the process's",
  'while the stage ran, what earlier stages left in memory included. Spill peak: the largest size of the lake home\'s',
  `spill folder seen (sampled every ${SAMPLE_PERIOD_MS} ms). Rows: a job's rows in; whole commands count the extracts' rows. The`,
  "lake home's ledger server, a process of its own, is not counted; ingest counts the bronze task processes it starts.",
];

export function printReport(all: readonly ScaleFigures[]): void {
  for (const figures of all) console.log(['', ...scaleBlock(figures)].join('\n'));
  console.log(['', ...summaryBlock(all), '', ...curveBlock(all), '', ...NOTES].join('\n'));
}
