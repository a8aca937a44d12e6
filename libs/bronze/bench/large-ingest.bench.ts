// A multi-gigabyte review extract through `datamaster ingest`, to show that ingestion's memory does not grow with the
// file: generates the extract (streamed, never in memory), ingests it with the built CLI into a fresh lake home while
// sampling the resident sets of the command and of the ECS-task child that converts, and checks that bronze holds
// every row generated. Run with `nx run bronze:bench-large -- --size 4GB [--level 6] [--keep]`; Linux only (/proc).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { writeLargeReviewExtract, type LargeExtract } from './large-review-extract.js';
import { describeMemory, judgeMemory } from './memory-timeline.js';
import { sampleIngest, type SampledRun } from './ingest-sampler.js';

/** The built CLI (bronze:bench-large builds it first); the bench runs from the workspace root. */
const CLI = 'apps/cli/dist/datamaster.js';
const SAMPLE_MS = 200;
/** The template's scale: 150,000 seed reviews (~7.4 MB of CSV), repeated with fresh ids up to the size asked for. */
const TEMPLATE_SCALE = 0.1;

/** Thrown for a --size that is not a number of MB or GB. */
class InvalidExtractSizeError extends Error {
  override readonly name = 'InvalidExtractSizeError';
  constructor(readonly given: string) {
    super(`--size "${given}" is not a size; write a number of MB or GB, e.g. 500MB or 4GB (decimal units)`);
  }
}

function extractBytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(MB|GB)$/i.exec(text);
  if (!match) throw new InvalidExtractSizeError(text);
  return Math.round(Number(match[1]) * (match[2]?.toUpperCase() === 'GB' ? 1e9 : 1e6));
}

interface IngestRun {
  readonly wallMs: number;
  readonly run: SampledRun;
  readonly record: { readonly status: string; readonly rowsIn?: number; readonly rowsOut?: number; readonly rowsQuarantined?: number; readonly outputKeys?: readonly string[]; readonly computeTarget?: string };
}

/** `datamaster ingest <extract> --json` into a fresh home, sampled from outside every SAMPLE_MS. */
function ingest(extract: string, home: string): Promise<IngestRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, '--home', home, 'ingest', extract, '--table', 'review', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const rawFolder = join(home, 'lake', 'raw') + '/';
    const sampler = child.pid === undefined ? undefined : sampleIngest(child.pid, { intervalMs: SAMPLE_MS, isRaw: (path) => path.startsWith(rawFolder) });
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const wallMs = performance.now() - started;
      const run = sampler?.stop();
      if (code !== 0 || run === undefined) return reject(new Error(`datamaster ingest exited with ${signal ?? `code ${code}`}; its ledger record: ${stdout.trim() || '(none)'}`));
      resolve({ wallMs, run, record: JSON.parse(stdout) as IngestRun['record'] });
    });
  });
}

/** Rows and sum of review_id in the bronze file, read back with DuckDB (from the Parquet footer and one column). */
async function bronzeFacts(path: string): Promise<{ rows: bigint; reviewIdSum: bigint }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create();
  const connection = await instance.connect();
  try {
    const [row] = (await connection.runAndReadAll(`SELECT count(*) AS n, sum(review_id) AS s FROM read_parquet('${path}')`)).getRowObjectsJS();
    return { rows: BigInt(row?.['n'] as bigint), reviewIdSum: BigInt(row?.['s'] as bigint) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Every sample as a CSV line, for a plot: kept with --keep. */
function samplesCsv(run: SampledRun): string {
  const lines = run.samples.map((s) => [(s.atMs / 1000).toFixed(2), s.rss.command ?? '', s.rss['ecs-task'] ?? '', s.rss['ledger-server'] ?? '', s.rawReadBytes ?? ''].join(','));
  return ['seconds,command_rss,ecs_task_rss,ledger_server_rss,raw_read_bytes', ...lines].join('\n') + '\n';
}

function rowChecks(extract: LargeExtract, record: IngestRun['record'], bronze: { rows: bigint; reviewIdSum: bigint }): { lines: string[]; ok: boolean } {
  const rows = BigInt(extract.rows);
  const checks = [
    { name: 'ledger rowsIn', ok: record.rowsIn === extract.rows, got: record.rowsIn },
    { name: 'ledger rowsOut', ok: record.rowsOut === extract.rows, got: record.rowsOut },
    { name: 'ledger rowsQuarantined', ok: record.rowsQuarantined === 0, got: record.rowsQuarantined },
    { name: 'bronze count(*)', ok: bronze.rows === rows, got: bronze.rows },
    { name: 'bronze sum(review_id)', ok: bronze.reviewIdSum === extract.reviewIdSum, got: bronze.reviewIdSum },
  ];
  const lines = checks.map((c) => `  ${c.name}: ${c.got?.toLocaleString('en-US') ?? '(missing)'} — ${c.ok ? 'ok' : 'WRONG'}`);
  return { lines: [`rows (generated ${extract.rows.toLocaleString('en-US')}, review_id sum ${extract.reviewIdSum.toLocaleString('en-US')}):`, ...lines], ok: checks.every((c) => c.ok) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '1GB' }, level: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false } } });
  const targetBytes = extractBytes(values.size);
  const level = Number(values.level);
  if (!Number.isInteger(level) || level < 1 || level > 9) throw new Error(`--level "${values.level}" is not a gzip level; write 1 (fastest) to 9 (smallest)`);
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (npx nx run cli:build); nx run bronze:bench-large does.`);
  if (!existsSync('/proc/self/status')) throw new Error('the large ingest bench samples processes through /proc: it runs on Linux only');
  const { generateSeedDataset } = await import('@datamaster/seed-data');
  const dir = await mkdtemp(join(tmpdir(), 'bronze-large-'));
  let ok = false;
  try {
    const seed = await generateSeedDataset({ outDir: join(dir, 'seed'), scale: TEMPLATE_SCALE });
    const template = seed.tables.find((t) => t.table === 'review')?.path;
    if (template === undefined) throw new Error('the seed wrote no review extract to repeat');
    console.log(`generating a ${values.size} review extract (gzip level ${level}) from the ${TEMPLATE_SCALE}-scale seed's reviews…`);
    const extract = await writeLargeReviewExtract({ template: gunzipSync(await readFile(template)), targetBytes, level, path: join(dir, 'review.csv.gz') });
    const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;
    console.log(`generated ${extract.path}: ${gb(extract.bytes)} uncompressed, ${extract.rows.toLocaleString('en-US')} rows, ${gb(extract.gzipBytes)} gzip, in ${(extract.ms / 1000).toFixed(1)} s (${((extract.bytes / 1e6 / extract.ms) * 1000).toFixed(0)} MB/s uncompressed)`);

    console.log(`ingesting it with ${CLI} into a fresh lake home, sampling every ${SAMPLE_MS} ms…`);
    const home = join(dir, 'home');
    const { wallMs, run, record } = await ingest(extract.path, home);
    await writeFile(join(dir, 'memory.csv'), samplesCsv(run));
    const verdict = judgeMemory(run, extract.gzipBytes);
    const bronzeKey = record.outputKeys?.[0];
    if (record.status !== 'succeeded' || bronzeKey === undefined) throw new Error(`the ingest ended ${record.status} with no bronze object: ${JSON.stringify(record)}`);
    const rows = rowChecks(extract, record, await bronzeFacts(join(home, 'lake', bronzeKey)));
    const seconds = wallMs / 1000;
    console.log(`\ningest (${record.computeTarget ?? 'compute target unknown'}): wall ${seconds.toFixed(1)} s, ${Math.round(extract.rows / seconds).toLocaleString('en-US')} rows/s, ${(extract.bytes / 1e6 / seconds).toFixed(1)} MB/s uncompressed`);
    for (const line of [...describeMemory(run, verdict, wallMs), ...rows.lines]) console.log(line);
    ok = verdict.flat && rows.ok;
  } finally {
    if (values.keep) console.log(`\nkept ${dir} (the extract, the lake home, memory.csv: every sample)`);
    else await rm(dir, { recursive: true, force: true });
  }
  if (!ok) process.exitCode = 1;
}

await main();
