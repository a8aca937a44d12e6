// Soak benchmark (by hand, not in CI): `datamaster up` on a fresh lake home while `datamaster stream --simulate` delivers
// a steady rate of changes into raw/ from another process, as the delivery stream would on AWS. Every minute it prints up's
// RSS, the freshness lag of each table against its objective, the data files per table, the ledger's backlog and the time
// of each processing cycle; at the end it checks that silver equals a replay of every change (seed rows, then each CDC
// change in source order per key) and prints a verdict per bar.
//   npx nx run cli:soak                                   (30 minutes at 500 changes/s on scale 0.1; builds the CLI first)
//   npx nx run cli:soak -- --minutes 120 --rps 500 --scale 0.1 --interval 60 --upkeep 600 --keep --json-out soak.json
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rps: { type: 'string', default: '500' },
    scale: { type: 'string', default: '0.1' },
    interval: { type: 'string', default: '60' },
    upkeep: { type: 'string', default: '600' },
    'warm-up': { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    check: { type: 'string' },
    'json-out': { type: 'string' },
  },
});
const number = (name) => {
  const value = Number(args[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${args[name]}"`);
  return value;
};
const MINUTES = number('minutes');
const RPS = number('rps');
const SCALE = number('scale');
const INTERVAL_S = number('interval');
const UPKEEP_S = number('upkeep');
const WARM_UP_MINUTES = number('warm-up');

const CLI = fileURLToPath(new URL('../dist/datamaster.js', import.meta.url));
/** --check <dir>: only the replay check, on a folder an earlier run kept (--keep). */
const dir = args.check ?? mkdtempSync(join(tmpdir(), 'datamaster-soak-'));
const home = join(dir, 'home');
const env = { ...process.env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const KEYS = { brewery: 'brewery_id', beer: 'beer_id', profile: 'profile_id', review: 'review_id' };
const say = (line) => process.stdout.write(`${line}\n`);

/** A CLI command run to completion; its stdout, or an error with its stderr. */
function cli(...cliArgs) {
  const result = spawnSync(process.execPath, [CLI, '--home', home, ...cliArgs], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`datamaster ${cliArgs.join(' ')} exited with ${result.status}: ${result.stderr.trim().slice(0, 600)}`);
  return result.stdout;
}

/** A long-running CLI command; each stdout line goes to `onLine` and to <dir>/<name>.log. */
function background(name, cliArgs, onLine = () => undefined) {
  const child = spawn(process.execPath, [CLI, '--home', home, ...cliArgs], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(dir, `${name}.log`));
  const stdout = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    log.write(`${line}\n`);
    stdout.push(line);
    onLine(line);
  });
  child.stderr.on('data', (data) => log.write(data));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, stdout };
}

/** Resident and peak resident memory of a process, in MiB (/proc/<pid>/status). */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rssMib: field('VmRSS'), peakMib: field('VmHWM') };
}


/** One minute's figures from `datamaster tables --json`, as a user would read them. */
function sampleTables(now) {
  const tables = JSON.parse(cli('tables', '--json'));
  return tables.map((t) => ({
    ref: t.ref,
    files: t.dataFiles ?? 0,
    waiting: t.waiting,
    lagS: t.lastRun?.status === 'succeeded' ? (now - Date.parse(t.lastRun.at)) / 1000 : undefined,
    freshness: t.freshness,
  }));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/**
 * Silver against a replay of every change: each key's expected state is its seed row, then its last CDC change in
 * source order (change_ts, then change_seq). Keys, soft deletes and each changed key's updated_at must all match.
 */
async function replayCheck() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const results = [];
  try {
    for (const [table, key] of Object.entries(KEYS)) {
      const silverCsv = join(dir, `silver-${table}.csv`);
      writeFileSync(silverCsv, cli('query', `SELECT ${key} AS k, epoch_us(updated_at) AS u, deleted_at IS NOT NULL AS d FROM silver.${table}`, '--as', 'data-engineer', '--format', 'csv'));
      const rawDir = join(home, 'lake', 'raw', table);
      const hasChanges = readdirSync(rawDir).some((name) => name.startsWith('dm-delivery-'));
      const changes = hasChanges
        ? `SELECT ${key} AS k, op, epoch_us(CAST(change_ts AS TIMESTAMPTZ)) AS u, CAST(change_seq AS HUGEINT) AS seq FROM read_json('${rawDir}/dm-delivery-*.ndjson.gz', format = 'newline_delimited', union_by_name = true)`
        : `SELECT NULL::BIGINT AS k, NULL::VARCHAR AS op, NULL::BIGINT AS u, NULL::HUGEINT AS seq WHERE false`;
      const reader = await connection.runAndReadAll(`
        WITH latest AS (SELECT * FROM (${changes}) QUALIFY row_number() OVER (PARTITION BY k ORDER BY u DESC, seq DESC) = 1),
             seed AS (SELECT ${key} AS k FROM read_csv('${join(dir, 'seed', `${table}.csv.gz`)}', header = true)),
             expected AS (
               SELECT coalesce(l.k, s.k) AS k, coalesce(l.op = 'delete', false) AS d, l.u AS u
               FROM seed s FULL JOIN latest l ON s.k = l.k),
             silver AS (SELECT * FROM read_csv('${silverCsv}', header = true, columns = {'k': 'BIGINT', 'u': 'BIGINT', 'd': 'BOOLEAN'}))
        SELECT
          (SELECT count(*) FROM expected) AS expected_keys,
          (SELECT count(*) FROM silver) AS silver_keys,
          (SELECT count(*) FROM (${changes})) AS changes,
          (SELECT count(*) FROM expected e ANTI JOIN silver s ON e.k = s.k) AS missing,
          (SELECT count(*) FROM silver s ANTI JOIN expected e ON e.k = s.k) AS extra,
          (SELECT count(*) FROM expected e JOIN silver s ON e.k = s.k WHERE e.d <> s.d) AS wrong_deleted,
          (SELECT count(*) FROM expected e JOIN silver s ON e.k = s.k WHERE e.u IS NOT NULL AND e.u <> s.u) AS wrong_updated_at`);
      const [row] = reader.getRowObjectsJson();
      results.push({ table, ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) });
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return results;
}

const pad = (value, width) => String(value).padStart(width);
const mib = (value) => (value === undefined ? '-' : `${Math.round(value)} MiB`);

async function main() {
  say(`soak: ${MINUTES} min at ${RPS} changes/s on scale ${SCALE}; up every ${INTERVAL_S} s, upkeep every ${UPKEEP_S} s; in ${dir}`);
  cli('seed', '--out', 'seed', '--scale', String(SCALE));
  for (const table of Object.keys(KEYS)) cli('ingest', join('seed', `${table}.csv.gz`), '--table', table);
  say('seeded and ingested; starting up');

  const cycles = [];
  const upkeeps = [];
  let firstCycle;
  const firstCycleDone = new Promise((resolve) => (firstCycle = resolve));
  const memoryLog = join(dir, 'memory.jsonl');
  const up = background('up', ['up', '--interval', String(INTERVAL_S), '--upkeep', String(UPKEEP_S), '--memory-log', memoryLog], (line) => {
    const cycle = /● cycle (\d+): (\d+) raw object\(s\) in, (\d+) table\(s\) committed \(([\d,]+) rows in\)(?:, (\d+) failed)?, ([\d.]+) s/.exec(line);
    if (cycle) {
      cycles.push({ at: Date.now(), cycle: Number(cycle[1]), rawObjects: Number(cycle[2]), tables: Number(cycle[3]), rowsIn: Number(cycle[4].replaceAll(',', '')), failed: Number(cycle[5] ?? 0), seconds: Number(cycle[6]) });
      firstCycle();
    }
    const upkeep = /● upkeep: (\d+) file\(s\) compacted into (\d+), (\d+) snapshot\(s\) expired, (\d+) orphan file\(s\) deleted, ([\d.]+) s/.exec(line);
    if (upkeep) upkeeps.push({ at: Date.now(), compacted: Number(upkeep[1]), added: Number(upkeep[2]), expired: Number(upkeep[3]), orphans: Number(upkeep[4]), seconds: Number(upkeep[5]) });
  });
  const upFailed = up.exited.then(({ code, signal }) => {
    throw new Error(`datamaster up exited early (${signal ?? `code ${code}`}); see ${join(dir, 'up.log')}`);
  });
  await Promise.race([firstCycleDone, upFailed]);

  const streamStart = Date.now();
  const stream = background('stream', ['stream', '--simulate', '--rps', String(RPS), '--duration', `${MINUTES}m`, '--scale', String(SCALE), '--no-ingest', '--json']);
  say(`stream started; a row per minute\n`);
  say(`${'min'.padStart(4)} ${'up RSS'.padStart(9)} ${'V8 heap'.padStart(8)} ${'external'.padStart(8)} ${'DuckDB'.padStart(8)} ${'cycles'.padStart(6)} ${'max cycle'.padStart(9)} ${'backlog'.padStart(7)} ${'silver lag'.padStart(10)} ${'gold lag'.padStart(8)} ${'most files (silver/gold table)'.padStart(36)} ${'silver+gold'.padStart(11)} ${'bronze'.padStart(7)}`);
  const samples = [];
  let streamDone = false;
  stream.exited.then(() => (streamDone = true));
  for (let minute = 1; !streamDone; minute += 1) {
    const due = streamStart + minute * 60_000;
    while (Date.now() < due && !streamDone) await Promise.race([sleep(Math.min(1000, due - Date.now())), upFailed]);
    if (streamDone) break;
    const now = Date.now();
    const memory = memoryOf(up.child.pid);
    const tables = sampleTables(now);
    const inMinute = cycles.filter((c) => c.at > now - 60_000);
    const lagOf = (layer) => Math.max(0, ...tables.filter((t) => t.ref.startsWith(`${layer}.`) && t.lagS !== undefined).map((t) => t.lagS));
    // Silver and gold are Iceberg tables that upkeep compacts; bronze keeps one Parquet object per raw object by design.
    const icebergTables = tables.filter((t) => !t.ref.startsWith('bronze.'));
    const mostFiles = icebergTables.reduce((a, b) => (b.files > a.files ? b : a));
    const filesOf = (list) => list.reduce((sum, t) => sum + t.files, 0);
    const pools = lastMemoryLine(memoryLog);
    const sample = { minute, ...memory, pools, cycles: inMinute.length, maxCycleS: Math.max(0, ...inMinute.map((c) => c.seconds)), backlog: tables.reduce((s, t) => s + t.waiting, 0), silverLagS: lagOf('silver'), goldLagS: lagOf('gold'), tables };
    samples.push(sample);
    say(`${pad(minute, 4)} ${pad(mib(memory.rssMib), 9)} ${pad(mib(pools?.heapUsedMib), 8)} ${pad(mib(pools?.externalMib), 8)} ${pad(mib(pools?.duckdbMib), 8)} ${pad(sample.cycles, 6)} ${pad(`${sample.maxCycleS.toFixed(1)} s`, 9)} ${pad(sample.backlog, 7)} ${pad(`${Math.round(sample.silverLagS)} s`, 10)} ${pad(`${Math.round(sample.goldLagS)} s`, 8)} ${pad(`${mostFiles.files} (${mostFiles.ref})`, 36)} ${pad(filesOf(icebergTables), 11)} ${pad(filesOf(tables) - filesOf(icebergTables), 7)}`);
  }
  const streamResult = await stream.exited;
  if (streamResult.code !== 0) throw new Error(`datamaster stream exited with ${streamResult.signal ?? `code ${streamResult.code}`}; see ${join(dir, 'stream.log')}`);
  const delivered = JSON.parse(stream.stdout.join('\n')).delivery;
  say(`\nstream done: ${delivered.routed.toLocaleString('en-US')} changes routed into ${delivered.objectsWritten} raw objects (${delivered.failed} failed)`);

  // Catch up: every raw object the stream wrote has its bronze record succeeded, then a cycle starts after that, and
  // nothing is left waiting.
  const streamEnd = Date.now();
  const rawObjects = Object.keys(KEYS).reduce((sum, table) => sum + readdirSync(join(home, 'lake', 'raw', table)).length, 0);
  let allInBronze;
  for (;;) {
    await Promise.race([sleep(2000), upFailed]);
    if (allInBronze === undefined && JSON.parse(cli('status', '--json', '--limit', '1')).counts.succeeded >= rawObjects) allInBronze = Date.now();
    const caughtUp = allInBronze !== undefined && cycles.some((c) => c.at - c.seconds * 1000 > allInBronze) && sampleTables(Date.now()).every((t) => t.waiting === 0);
    if (caughtUp) break;
  }
  const finalMemory = memoryOf(up.child.pid);
  up.child.kill('SIGINT');
  await up.exited;
  say(`caught up ${((Date.now() - streamEnd) / 1000).toFixed(0)} s after the stream ended; up stopped`);

  const replay = await replayCheck();
  const report = summarize(samples, cycles, upkeeps, replay, finalMemory, delivered);
  if (args['json-out']) writeFileSync(args['json-out'], JSON.stringify({ options: { MINUTES, RPS, SCALE, INTERVAL_S, UPKEEP_S }, samples, cycles, upkeeps, replay, report }, null, 2));
  return report.pass;
}

/** The newest line `up --memory-log` wrote, or undefined before its first cycle. */
function lastMemoryLine(file) {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  return lines.length === 0 || lines[0] === '' ? undefined : JSON.parse(lines.at(-1));
}

function summarize(samples, cycles, upkeeps, replay, finalMemory, delivered) {
  const warm = samples.filter((s) => s.minute > WARM_UP_MINUTES);
  const rss = warm.map((s) => s.rssMib);
  const rssSlope = slope(warm.map((s) => ({ x: s.minute / 60, y: s.rssMib })));
  const cycleTimes = cycles.slice(1).map((c) => c.seconds);
  const earlyCycles = cycleTimes.slice(0, 5);
  const lateCycles = cycleTimes.slice(-5);
  // The table status's own verdict against the manifest's objective: stale while work waits.
  const lagOver = samples.flatMap((s) =>
    s.tables.filter((t) => t.freshness === 'stale' && t.waiting > 0).map((t) => `${t.ref} at minute ${s.minute}`));
  const last = samples.at(-1);
  const filesByTable = last ? last.tables.filter((t) => t.files > 0).map((t) => ({ ref: t.ref, last: t.files, max: Math.max(...samples.map((s) => s.tables.find((x) => x.ref === t.ref)?.files ?? 0)) })) : [];

  say('\nup RSS after warm-up (minute > ' + WARM_UP_MINUTES + `): min ${mib(Math.min(...rss))}, max ${mib(Math.max(...rss))}, slope ${rssSlope.toFixed(0)} MiB/hour; peak over the run ${mib(finalMemory.peakMib)}`);
  // Which part grows: up's own account after each cycle (--memory-log), as slopes over the same minutes.
  const poolSlope = (pick) => slope(warm.filter((s) => s.pools).map((s) => ({ x: s.minute / 60, y: pick(s.pools) })));
  const rest = (p) => p.rssMib - p.heapTotalMib - p.externalMib - p.duckdbMib;
  say(`  of which, MiB/hour: V8 heap ${poolSlope((p) => p.heapUsedMib).toFixed(0)}, external (Buffers, WebAssembly) ${poolSlope((p) => p.externalMib).toFixed(0)}, DuckDB ${poolSlope((p) => p.duckdbMib).toFixed(0)}, the rest (allocator, native code) ${poolSlope(rest).toFixed(0)}`);
  say(`cycles: ${cycles.length}, median ${median(cycleTimes)?.toFixed(1)} s, max ${Math.max(...cycleTimes).toFixed(1)} s; first five median ${median(earlyCycles)?.toFixed(1)} s, last five ${median(lateCycles)?.toFixed(1)} s`);
  say(`upkeep runs: ${upkeeps.length}: ${upkeeps.map((u) => `${u.compacted}→${u.added} files, ${u.expired} snapshots expired, ${u.seconds.toFixed(1)} s`).join('; ') || 'none'}`);
  say(`files per table at the end (max over the run): ${filesByTable.map((t) => `${t.ref} ${t.last} (${t.max})`).join(', ')}`);
  const replayEqual = printReplay(replay);

  const flat = warm.length < 2 || Math.max(...rss) <= Math.min(...rss) * 1.25;
  const bars = [
    ['RSS flat after warm-up (max within 25% of min)', flat],
    ['lag within the objectives', lagOver.length === 0],
    ['cycles keep pace (last five median ≤ 2× first five)', !(median(lateCycles) > 2 * median(earlyCycles))],
    ['every change reached silver (replay equal)', replayEqual && delivered.failed === 0],
  ];
  say('');
  for (const [bar, ok] of bars) say(`${ok ? 'PASS' : 'FAIL'}  ${bar}`);
  if (lagOver.length > 0) say(`  over the objective: ${lagOver.slice(0, 5).join(', ')}`);
  return { pass: bars.every(([, ok]) => ok), rssSlopeMibPerHour: rssSlope, filesByTable, bars };
}

function printReplay(replay) {
  say('\nreplay check (silver vs seed + every change in source order):');
  say(`${'table'.padEnd(8)} ${'changes'.padStart(9)} ${'expected'.padStart(9)} ${'silver'.padStart(9)} ${'missing'.padStart(8)} ${'extra'.padStart(6)} ${'deleted≠'.padStart(9)} ${'updated≠'.padStart(9)}`);
  for (const r of replay) say(`${r.table.padEnd(8)} ${pad(r.changes, 9)} ${pad(r.expected_keys, 9)} ${pad(r.silver_keys, 9)} ${pad(r.missing, 8)} ${pad(r.extra, 6)} ${pad(r.wrong_deleted, 9)} ${pad(r.wrong_updated_at, 9)}`);
  return replay.every((r) => r.missing + r.extra + r.wrong_deleted + r.wrong_updated_at === 0);
}

let pass = false;
if (args.check) {
  pass = printReplay(await replayCheck());
} else {
  try {
    pass = await main();
  } finally {
    if (args.keep) say(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
process.exitCode = pass ? 0 : 1;
