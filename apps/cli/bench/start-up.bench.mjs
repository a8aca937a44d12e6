// Start-up benchmark (report only): wall time, best of N runs, and peak memory of the commands people script and
// complete on Tab, beside a bare Node start on the same machine in the same run. The target: within about 3x bare Node.
//   node apps/cli/bench/start-up.bench.mjs [runs]      (npx nx run cli:bench; builds the CLI first)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 10);
const bundle = fileURLToPath(new URL('../dist/datamaster.js', import.meta.url));
const launcher = fileURLToPath(new URL('../bin/datamaster.mjs', import.meta.url));
const usageHook = fileURLToPath(new URL('../../../tools/bench/usage-on-exit.mjs', import.meta.url));
const cwd = mkdtempSync(join(tmpdir(), 'datamaster-start-up-'));

const cases = [
  ['node -e 0 (bare Node)', ['-e', '0']],
  ['datamaster --version', [bundle, '--version']],
  ['datamaster --help', [bundle, '--help']],
  ['datamaster query --help', [bundle, 'query', '--help']],
  ['datamaster process --help', [bundle, 'process', '--help']],
  ['npx datamaster --version (launcher)', [launcher, '--version']],
  ['datamaster manifest validate', [bundle, 'manifest', 'validate']],
  ['datamaster seed --scale 0.0001', [bundle, 'seed', '--out', 'seed', '--scale', '0.0001']],
];

function run(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function peakMiB(args) {
  const usageFile = join(cwd, 'usage.json');
  spawnSync(process.execPath, ['--import', usageHook, ...args], { cwd, env: { ...process.env, BENCH_USAGE_FILE: usageFile } });
  return JSON.parse(readFileSync(usageFile, 'utf8')).maxRssKib / 1024;
}

try {
  // Interleaved rounds, so that a noisy moment costs every case alike; the best run of each counts.
  const best = cases.map(() => Infinity);
  for (let round = 0; round < runs; round += 1) cases.forEach(([, args], i) => (best[i] = Math.min(best[i], run(args))));
  const bare = best[0];
  console.log(`start-up, best of ${runs} (${process.version}, ${process.platform})`);
  console.log(`${'command'.padEnd(38)} ${'wall ms'.padStart(8)} ${'x bare'.padStart(7)} ${'peak MiB'.padStart(9)}`);
  cases.forEach(([name, args], i) => console.log(`${name.padEnd(38)} ${best[i].toFixed(0).padStart(8)} ${(best[i] / bare).toFixed(2).padStart(7)} ${peakMiB(args).toFixed(0).padStart(9)}`));
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
