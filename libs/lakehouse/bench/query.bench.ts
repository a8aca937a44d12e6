// Large query results: `datamaster query "SELECT * FROM silver.review" --as data-engineer` as CSV and as JSON,
// written to a file and piped, next to DuckDB's own COPY … TO of the same data files, each in a process of its
// own (wall time, CPU, peak RSS), run after run in turn so that every variant sees the same machine load.
// Reports the best and the median of the runs and checks each output's row count.
// Run with `nx run lakehouse:bench-query` (builds a scale-1 lake with the CLI's demo, ~1 min) or
// `nx run lakehouse:bench-query -- --home <lake home>` to reuse one; `--runs N` (default 3), `--scale F`.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openEngineSession } from '@datamaster/lakehouse';
import { outputFacts, type OutputFacts } from './output-facts.js';
import { buildDemoLake, REVIEW, reviewData } from './query-bench-lake.js';
import { timedNode, type ProcessUsage, type StdoutTarget } from './timed-process.js';

// The SDK's notice that its 2027 releases need Node 22 (opening the lake) says nothing about the figures.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const CLI = resolve('apps/cli/dist/datamaster.js');
const SQL = `SELECT * FROM ${REVIEW}`;
const TWICE = `SELECT r.* FROM ${REVIEW} r CROSS JOIN (VALUES (1), (2)) AS copies(copy)`;
/** The rows the CLI's table shows when stdout is a file. */
const TABLE_ROWS = 50;

interface Variant {
  readonly name: string;
  readonly args: (out: string) => readonly string[];
  readonly stdout: (out: string) => StdoutTarget;
  /** The lines a complete output of `rows` rows has. */
  readonly lines: (rows: number) => number;
}

function variants(home: string, script: string, selectFile: string): Variant[] {
  const query = (sql: string, format: string) => [CLI, '--home', home, 'query', sql, '--as', 'data-engineer', '--format', format];
  const copy = (format: string) => (out: string) => [script, '--step', 'copy', '--format', format, '--select', selectFile, '--out', out];
  return [
    { name: 'query --format csv > file', args: () => query(SQL, 'csv'), stdout: (out) => ({ file: out }), lines: (n) => n + 1 },
    { name: 'DuckDB COPY … TO csv', args: copy('csv'), stdout: () => ({ file: '/dev/null' }), lines: (n) => n + 1 },
    { name: 'query --format json > file', args: () => query(SQL, 'json'), stdout: (out) => ({ file: out }), lines: (n) => n + 2 },
    { name: 'DuckDB COPY … TO json (array)', args: copy('json'), stdout: () => ({ file: '/dev/null' }), lines: (n) => n + 2 },
    { name: 'query --format csv | wc -l', args: () => query(SQL, 'csv'), stdout: () => 'pipe', lines: (n) => n + 1 },
    { name: `query (table: first ${TABLE_ROWS} rows, count)`, args: () => query(SQL, 'table'), stdout: (out) => ({ file: out }), lines: () => TABLE_ROWS + 3 },
    // Twice the rows through the same path: peak RSS must not follow the result's size.
    { name: 'query --format csv, every row twice > file', args: () => query(TWICE, 'csv'), stdout: (out) => ({ file: out }), lines: (n) => 2 * n + 1 },
    { name: 'query --format csv, LIMIT 1 (the floor)', args: () => query(`${SQL} LIMIT 1`, 'csv'), stdout: (out) => ({ file: out }), lines: () => 2 },
  ];
}

interface Measured {
  readonly usage: ProcessUsage;
  /** No bytes when the output went through a pipe. */
  readonly facts: Omit<OutputFacts, 'bytes'> & { readonly bytes?: number };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (value: number) => `${Math.round(value).toLocaleString('en-US')} MiB`;
const best = (runs: readonly Measured[], pick: (u: ProcessUsage) => number) => Math.min(...runs.map((r) => pick(r.usage)));
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function printReport(all: ReadonlyMap<string, Measured[]>, rows: number, expected: ReadonlyMap<string, number>): boolean {
  const header = ['', 'best wall', 'median wall', 'best CPU', 'peak RSS (max)', 'output', 'lines ok'];
  const body = [...all].map(([name, runs]) => [
    name,
    seconds(best(runs, (u) => u.ms)),
    seconds(median(runs.map((r) => r.usage.ms))),
    seconds(best(runs, (u) => u.cpuMs)),
    mib(Math.max(...runs.map((r) => r.usage.peakRssMib))),
    runs[0]?.facts.bytes === undefined ? '–' : `${(Math.max(...runs.map((r) => r.facts.bytes ?? 0)) / 2 ** 20).toFixed(0)} MiB`,
    runs.every((r) => r.facts.lines === expected.get(name) && r.facts.valid) ? 'yes' : 'NO',
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((cells) => (cells[i] ?? '').length)));
  for (const cells of [header, ...body]) console.log(`  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`);
  const ratio = (a: string, b: string) => {
    const [x, y] = [all.get(a), all.get(b)];
    if (x === undefined || y === undefined) return '–';
    const peak = (runs: readonly Measured[]) => Math.max(...runs.map((r) => r.usage.peakRssMib));
    return `${(best(x, (u) => u.ms) / best(y, (u) => u.ms)).toFixed(2)}× wall, ${(best(x, (u) => u.cpuMs) / best(y, (u) => u.cpuMs)).toFixed(2)}× CPU, ${(peak(x) / peak(y)).toFixed(2)}× peak RSS`;
  };
  const names = [...all.keys()];
  console.log(`\n  ${rows.toLocaleString('en-US')} rows; best of the runs, query vs DuckDB's COPY. CSV: ${ratio(names[0] as string, names[1] as string)}; JSON: ${ratio(names[2] as string, names[3] as string)}.`);
  return body.every((cells) => cells.at(-1) === 'yes');
}

async function main(options: { home?: string; scale: number; runs: number }): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (npx nx run cli:build)`);
  const scratch = await mkdtemp(join(tmpdir(), 'query-bench-'));
  try {
    const home = options.home ?? join(scratch, 'home');
    if (options.home === undefined) {
      console.log(`building a scale-${options.scale} lake with the demo in ${home} …`);
      await buildDemoLake(CLI, home, options.scale);
    }
    const data = await reviewData(home);
    const selectFile = join(scratch, 'select.sql');
    await writeFile(selectFile, data.select);
    const script = process.argv[1] as string;
    const list = variants(home, script, selectFile);
    console.log(`query bench: ${REVIEW}, ${data.rows.toLocaleString('en-US')} rows in ${data.files} data files; ${options.runs} runs of ${list.length} variants in turn`);
    const all = new Map<string, Measured[]>(list.map((v) => [v.name, []]));
    for (let run = 1; run <= options.runs; run += 1) {
      for (const variant of list) {
        const out = join(scratch, 'out');
        const target = variant.stdout(out);
        const usage = await timedNode(variant.args(out), target);
        const facts = target === 'pipe' ? { lines: usage.pipedLines ?? 0, valid: true } : await outputFacts(out);
        await rm(out, { force: true });
        all.get(variant.name)?.push({ usage, facts });
        console.error(`  run ${run}: ${variant.name}: ${seconds(usage.ms)}, ${mib(usage.peakRssMib)}, ${facts.lines.toLocaleString('en-US')} lines`);
      }
    }
    console.log();
    if (!printReport(all, data.rows, new Map(list.map((v) => [v.name, v.lines(data.rows)])))) process.exitCode = 1;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The child that runs DuckDB's own export, on the engine session's defaults (as the CLI's query has them). */
async function copyStep(selectFile: string, format: string, out: string): Promise<void> {
  const session = await openEngineSession();
  try {
    const target = `'${out.replaceAll("'", "''")}'`;
    await (await session.connect()).run(`COPY (${await readFile(selectFile, 'utf8')}) TO ${target} (FORMAT ${format === 'json' ? 'json, ARRAY true' : 'csv'})`);
  } finally {
    session.close();
  }
}

const { values } = parseArgs({ options: { home: { type: 'string' }, scale: { type: 'string' }, runs: { type: 'string' }, step: { type: 'string' }, format: { type: 'string' }, select: { type: 'string' }, out: { type: 'string' } } });
if (values.step === 'copy' && values.select !== undefined && values.out !== undefined) await copyStep(values.select, values.format ?? 'csv', values.out);
else {
  const scale = Number(values.scale ?? '1');
  const runs = Number(values.runs ?? '3');
  if (!(scale > 0) || !Number.isInteger(runs) || runs < 1) throw new Error(`Invalid bench options --scale=${values.scale} --runs=${values.runs}: expected a scale > 0 and a whole number of runs ≥ 1, e.g. nx run lakehouse:bench-query -- --runs 3`);
  await main({ ...(values.home === undefined ? {} : { home: resolve(values.home) }), scale, runs });
}
