// Full-scale bronze conversion benchmark: the review extract (1.5M rows) and a 2x file (a second
// gzip member), our converter side by side with DuckDB's CSV → Parquet, each run in its own child
// process so that its peak RSS is its own; and beside them `datamaster ingest` end to end (the built CLI in a
// fresh lake home: start-up, landing in raw/, the ledger and its server, the state machine, the ECS-task child),
// with a 5,800-row extract for its fixed costs. Run with `nx run bronze:bench`. Prints medians of
// RUNS runs, interleaved so that machine noise hits all alike.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const RUNS = 3;
const ROWS = 1_500_000;
/** The built CLI (bronze:bench builds it first); the bench runs from the workspace root. */
const CLI = 'apps/cli/dist/datamaster.js';
/** GNU time measures the CLI with the ECS-task child it waits for (not the detached ledger server). */
const GNU_TIME = '/usr/bin/time';

interface Measure {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly cpuMs: number;
  readonly outputMb: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** In a child: one conversion, measured there. */
async function child(role: string, input: string, output: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  if (role === 'ours') {
    const { convertToBronze } = await import('../src/index.js');
    await convertToBronze({
      table: 'review',
      format: 'csv',
      input: createReadStream(input),
      rawObjectKey: 'raw/review/review.csv.gz',
      ingestedAt: new Date('2026-11-26T04:00:00Z'),
      batchChangeTs: new Date('2026-11-26T03:00:00Z'),
      masking: { key: Buffer.from('bench key') },
      output: createWriteStream(output),
      quarantine: createWriteStream(`${output}.quarantine.ndjson`),
    });
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create();
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT * FROM read_csv('${input}')) TO '${output}' (FORMAT parquet, COMPRESSION zstd)`);
    connection.closeSync();
    instance.closeSync();
  }
  const usage = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  // maxRSS is in KiB.
  const measure: Measure = { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, cpuMs: (usage.user + usage.system) / 1000, outputMb: (await stat(output)).size / 2 ** 20 };
  console.log(JSON.stringify(measure));
}

function runChild(role: string, input: string, output: string): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), role, input, output], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    proc.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout) as Measure) : reject(new Error(`${role} on ${input} exited with ${code}`))));
  });
}

/** `datamaster ingest` end to end, as a user runs it, in a fresh lake home: measured from outside by GNU time. */
function runIngest(input: string, table: string, home: string): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const proc = spawn(GNU_TIME, ['-f', '%e %U %S %M', process.execPath, CLI, '--home', home, 'ingest', input, '--table', table], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const [wall, user, system, maxRssKb] = (stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
      if (code !== 0 || wall === undefined || user === undefined || system === undefined || maxRssKb === undefined) return reject(new Error(`ingest of ${input} exited with ${code}: ${stderr}`));
      resolve({ ms: wall * 1000, cpuMs: (user + system) * 1000, maxRssMb: maxRssKb / 1024, outputMb: 0 });
    });
  });
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (npx nx run cli:build); nx run bronze:bench does.`);
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing: the end-to-end ingest is measured with GNU time (Debian/Ubuntu: apt-get install time).`);
  const { generateSeedDataset } = await import('@datamaster/seed-data');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = await mkdtemp(join(tmpdir(), 'bronze-bench-'));
  const instance = await DuckDBInstance.create();
  const connection = await instance.connect();
  try {
    console.log('generating the review extract (scale 1)…');
    const seed = await generateSeedDataset({ outDir: dir, scale: 1 });
    const one = seed.tables.find((t) => t.table === 'review')?.path as string;
    const oneBytes = await readFile(one);
    const text = gunzipSync(oneBytes);
    // The 2x file: the extract plus a second gzip member holding its rows again (no header).
    const two = join(dir, 'review-2x.csv.gz');
    await writeFile(two, Buffer.concat([oneBytes, gzipSync(text.subarray(text.indexOf(0x0a) + 1))]));

    const small = seed.tables.find((t) => t.table === 'brewery');
    if (!small) throw new Error('the seed wrote no brewery extract');
    const cases = [
      { name: 'ours 1x', role: 'ours', input: one, rows: ROWS, table: 'review' },
      { name: 'DuckDB 1x', role: 'duckdb', input: one, rows: ROWS, table: 'review' },
      { name: 'ours 2x', role: 'ours', input: two, rows: 2 * ROWS, table: 'review' },
      { name: 'ingest 1x (end to end)', role: 'ingest', input: one, rows: ROWS, table: 'review' },
      { name: 'ingest 2x (end to end)', role: 'ingest', input: two, rows: 2 * ROWS, table: 'review' },
      { name: `ingest ${small.rows.toLocaleString('en-US')} rows (fixed costs)`, role: 'ingest', input: small.path, rows: small.rows, table: 'brewery' },
      // A home in use: its ledger server already runs (an earlier ingest, not measured, started it).
      { name: 'ingest 1x, home in use', role: 'ingest', input: one, rows: ROWS, table: 'review', warmUp: small.path },
    ] as const;
    const measures = new Map<string, Measure[]>(cases.map((c) => [c.name, []]));
    const checks: string[] = [];
    for (let run = 1; run <= RUNS; run++) {
      for (const c of cases) {
        const output = c.role === 'ingest' ? join(dir, `home-${run}-${c.rows}`) : join(dir, `${c.role}-${run}-${c.rows}.parquet`);
        if ('warmUp' in c) await runIngest(c.warmUp, 'brewery', output);
        const measure = c.role === 'ingest' ? await runIngest(c.input, c.table, output) : await runChild(c.role, c.input, output);
        measures.get(c.name)?.push(measure);
        // The end to end ingest's bronze file lies in its lake home.
        const written = c.role === 'ingest' ? `${output}/lake/bronze/${c.table}/*/*.parquet` : output;
        const [row] = (await connection.runAndReadAll(`SELECT count(*) AS n, sum(${c.table}_id) AS s FROM '${written}'`)).getRowObjectsJS();
        const expectedSum = c.table === 'review' ? (BigInt(ROWS) * BigInt(ROWS + 1)) / 2n * BigInt(c.rows / ROWS) : (BigInt(c.rows) * BigInt(c.rows + 1)) / 2n;
        const ok = row?.n === BigInt(c.rows) && row.s === expectedSum;
        if (run === 1) checks.push(`${c.name}: ${row?.n} rows, sum(${c.table}_id) ${row?.s} — ${ok ? 'ok' : `EXPECTED ${c.rows} rows, sum ${expectedSum}`}`);
        if (!ok) process.exitCode = 1;
        await rm(output, { recursive: true, force: true });
      }
      console.log(`run ${run}/${RUNS} done`);
    }

    const header = ['', 'wall s', 'rows/s', 'CPU s', 'peak RSS MiB', 'Parquet MiB'];
    const table = cases.map((c) => {
      const list = measures.get(c.name) ?? [];
      const ms = median(list.map((m) => m.ms));
      return { name: c.name, ms, rss: median(list.map((m) => m.maxRssMb)), cells: [c.name, (ms / 1000).toFixed(2), Math.round((c.rows / ms) * 1000).toLocaleString('en-US'), (median(list.map((m) => m.cpuMs)) / 1000).toFixed(2), median(list.map((m) => m.maxRssMb)).toFixed(0), c.role === 'ingest' ? '-' : median(list.map((m) => m.outputMb)).toFixed(1)] };
    });
    const lines = [header, ...table.map((t) => t.cells)];
    const widths = header.map((_, i) => Math.max(...lines.map((cells) => (cells[i] ?? '').length)));
    console.log(`\nmedians of ${RUNS} runs (${(oneBytes.length / 2 ** 20).toFixed(1)} MiB gzip, ${ROWS.toLocaleString('en-US')} rows at 1x)`);
    for (const cells of lines) console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '));
    const [ours, duck, twice, ingest, ingestTwice, fixed, inUse] = table;
    if (!ours || !duck || !twice || !ingest || !ingestTwice || !fixed || !inUse) throw new Error('missing measurements');
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const ratio = ours.ms / duck.ms;
    const flat = ours.rss < 400 && twice.rss < 400 && twice.rss < ours.rss * 1.15;
    console.log(`\nconverter/DuckDB wall time: ${ratio.toFixed(2)} (target ≤ 1.5: ${verdict(ratio <= 1.5)}; stretch ≤ 1.0: ${verdict(ratio <= 1.0)})`);
    console.log(`converter peak RSS 1x ${ours.rss.toFixed(0)} MiB, 2x ${twice.rss.toFixed(0)} MiB (target < 400 MiB at both sizes: ${verdict(flat)})`);
    const overConverter = ingest.ms / ours.ms;
    const overDuck = ingest.ms / duck.ms;
    console.log(`ingest end to end / converter: ${overConverter.toFixed(2)} (target ≤ 1.25: ${verdict(overConverter <= 1.25)}); / DuckDB: ${overDuck.toFixed(2)} (target ≤ 1.5: ${verdict(overDuck <= 1.5)})`);
    console.log(`ingest into a home in use / converter: ${(inUse.ms / ours.ms).toFixed(2)}; / DuckDB: ${(inUse.ms / duck.ms).toFixed(2)}`);
    console.log(`ingest fixed costs (a ${fixed.name.split(' ')[1]}-row extract, fresh home): ${(fixed.ms / 1000).toFixed(2)} s; the platform around the converter at 1x: ${((ingest.ms - ours.ms) / 1000).toFixed(2)} s`);
    console.log(`ingest peak RSS 1x ${ingest.rss.toFixed(0)} MiB, 2x ${ingestTwice.rss.toFixed(0)} MiB (flat in file size: ${verdict(ingestTwice.rss < ingest.rss * 1.15)})`);
    console.log(`\nchecks (read back with DuckDB):\n  ${checks.join('\n  ')}`);
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

const [role, input, output] = process.argv.slice(2);
if (role && input && output) await child(role, input, output);
else await main();
