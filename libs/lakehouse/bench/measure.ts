// Every step runs in a Node process of its own, so that its peak RSS (DuckDB's native memory included)
// and its CPU time are its own; the parent only reads the JSON line the child prints last.
import { spawn } from 'node:child_process';

export interface Usage {
  readonly ms: number;
  /** User + system time of the whole process, every DuckDB thread included. */
  readonly cpuMs: number;
  /** The process's peak resident set so far (getrusage ru_maxrss, /proc/self/status VmHWM). */
  readonly peakRssMib: number;
}

/** Runs `work` and measures it; the peak RSS is the process's since it started. */
export async function measured<T>(work: () => Promise<T>): Promise<{ readonly usage: Usage; readonly value: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  // maxRSS is in KiB.
  return { usage: { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, peakRssMib: process.resourceUsage().maxRSS / 1024 }, value };
}

/** Runs this script again as `--step <step> <args…>` and returns what the child printed as its last line. */
export function runStep<T>(step: string, args: readonly string[]): Promise<T> {
  const script = process.argv[1] as string;
  return new Promise((resolve, reject) => {
    // The AWS SDK's notice that its 2027 releases need Node 22 would repeat in every step; it says nothing about the figures.
    const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env };
    const child = spawn(process.execPath, [script, '--step', step, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`bench step "${step}" exited with ${signal ?? `code ${code}`} (its output is above)`));
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`bench step "${step}" printed no JSON result; its last line was: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** Progress on stderr: stdout carries the step's result only. */
export const progress = (line: string): void => void process.stderr.write(`  ${line}\n`);
