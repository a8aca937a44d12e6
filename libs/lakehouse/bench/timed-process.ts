// One measured child process: wall time from spawn until it has exited and its output is all out, and the peak RSS and CPU time the child reports
// itself (tools/bench/usage-on-exit.mjs). Its stdout goes to a file, or through a pipe to this process, which counts the lines
// as `… | wc -l` would.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ProcessUsage {
  readonly ms: number;
  readonly cpuMs: number;
  readonly peakRssMib: number;
  /** Lines read from the pipe, when stdout went to one. */
  readonly pipedLines?: number;
}

export type StdoutTarget = { readonly file: string } | 'pipe';

/** The workspace's usage hook; benchmarks run from the workspace root (nx run). */
const USAGE_HOOK = pathToFileURL('tools/bench/usage-on-exit.mjs').href;

async function countLines(stream: NodeJS.ReadableStream): Promise<number> {
  let lines = 0;
  for await (const data of stream) {
    const bytes = data as Buffer;
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines += 1;
  }
  return lines;
}

/** Runs `node <args>` with the usage hook loaded; fails when it exits non-zero, with its stderr. */
export async function timedNode(args: readonly string[], stdout: StdoutTarget): Promise<ProcessUsage> {
  const scratch = await mkdtemp(join(tmpdir(), 'query-bench-usage-'));
  const usageFile = join(scratch, 'usage.json');
  const out = stdout === 'pipe' ? undefined : await open(stdout.file, 'w');
  try {
    const env = { ...process.env, BENCH_USAGE_FILE: usageFile, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1' };
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', USAGE_HOOK, ...args], { stdio: ['ignore', out === undefined ? 'pipe' : out.fd, 'pipe'], env });
    let stderr = '';
    child.stderr?.on('data', (data: Buffer) => (stderr += data.toString()));
    const [pipedLines, [code]] = await Promise.all([child.stdout === null ? undefined : countLines(child.stdout), once(child, 'close') as Promise<[number | null]>]);
    const ms = performance.now() - started;
    if (code !== 0) throw new Error(`node ${args.join(' ')} exited with code ${code}: ${stderr.trim().slice(0, 500)}`);
    const usage = JSON.parse(await readFile(usageFile, 'utf8')) as { maxRssKib: number; cpuMicros: number };
    return { ms, cpuMs: usage.cpuMicros / 1000, peakRssMib: usage.maxRssKib / 1024, ...(pipedLines === undefined ? {} : { pipedLines }) };
  } finally {
    await out?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
