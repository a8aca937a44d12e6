// One command of the built CLI (`node apps/cli/dist/datamaster.js …`), run as a user would and measured: wall time
// from spawn to exit; CPU time and peak RSS as the process reports them at exit (tools/bench/usage-on-exit.mjs,
// DuckDB's threads and native memory included, plus the CPU of the child processes it waited for); and samples of
// its process tree every ~100 ms (startSampling), for the spans of the run the caller attributes them to.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSampling, type Sample } from './sampler.js';

/** The built CLI and the workspace's usage hook; the bench runs from the workspace root (nx run). */
export const CLI = resolve('apps/cli/dist/datamaster.js');
const USAGE_HOOK = resolve('tools/bench/usage-on-exit.mjs');

export interface CommandUsage {
  readonly wallMs: number;
  readonly cpuMs: number;
  /** The largest of the process's own peak (getrusage) and the sampled peak of its process tree. */
  readonly peakRssBytes: number;
}

export interface MeasuredCommand extends CommandUsage {
  readonly stdout: string;
  readonly samples: readonly Sample[];
}

/** The command exited non-zero; the message has its arguments and the end of its stderr. */
export class CliCommandError extends Error {
  override readonly name = 'CliCommandError';
  constructor(
    args: readonly string[],
    exit: string,
    readonly stderr: string,
  ) {
    super(`datamaster ${args.join(' ')} exited with ${exit}: ${stderr.trim().slice(-1500) || '(no output on stderr)'}`);
  }
}

/** Thrown before anything runs when the CLI has not been built. */
export class CliNotBuiltError extends Error {
  override readonly name = 'CliNotBuiltError';
  constructor(path: string) {
    super(`${path} is missing: build the CLI first (npx nx run cli:build; nx run processing:bench does).`);
  }
}

export function assertCliBuilt(): void {
  if (!existsSync(CLI)) throw new CliNotBuiltError(CLI);
}

/** Runs `datamaster <args>`; `spillDir` is the folder whose size the samples follow. */
export async function runCli(args: readonly string[], options: { readonly spillDir?: string } = {}): Promise<MeasuredCommand> {
  const scratch = await mkdtemp(join(tmpdir(), 'processing-bench-usage-'));
  try {
    const usageFile = join(scratch, 'usage.json');
    // NO_COLOR: the CLI's output is read, not looked at. The AWS SDK's notice that its 2027 releases need Node 22 says nothing here.
    const env = { ...process.env, BENCH_USAGE_FILE: usageFile, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', pathToFileURL(USAGE_HOOK).href, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const sampling = startSampling(child.pid as number, options.spillDir === undefined ? {} : { spillDir: options.spillDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr = (stderr + data.toString()).slice(-5000)));
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    const wallMs = performance.now() - started;
    const samples = sampling.stop();
    if (code !== 0) throw new CliCommandError(args, signal ?? `code ${code}`, stderr);
    const usage = JSON.parse(await readFile(usageFile, 'utf8')) as { maxRssKib: number; cpuMicros: number; childrenCpuMicros?: number };
    return {
      wallMs,
      cpuMs: (usage.cpuMicros + (usage.childrenCpuMicros ?? 0)) / 1000,
      peakRssBytes: Math.max(usage.maxRssKib * 1024, ...samples.map((s) => s.rssBytes)),
      stdout,
      samples,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
