// Runs the CLI for tests, capturing what it prints: in-process, or the built bundle as a process of its own.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../program.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCapturing(args: readonly string[], where: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, { stdout, stderr, env: where.env ?? {}, cwd: where.cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The built CLI (`npx nx run cli:build`, which the cli:test target runs first). */
export const CLI_BUNDLE = fileURLToPath(new URL('../../dist/datamaster.js', import.meta.url));

/** The built CLI running as a process of its own: what it printed so far, a wait for a line, and its end. */
export interface RunningCli {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  output(): string;
  /** Resolves once stdout matches, rejects (with what was printed) if the process ends first or the time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  readonly finished: Promise<CliRun>;
}

export function startBuilt(args: readonly string[], where: { cwd: string; env?: NodeJS.ProcessEnv }): RunningCli {
  if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: build the CLI first (npx nx run cli:build)`);
  const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd: where.cwd, env: { ...process.env, NO_COLOR: '1', ...where.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    for (const check of watchers) check();
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const finished = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        watchers.delete(check);
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const check = () => pattern.test(stdout) && done();
      const timer = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`)), timeoutMs);
      watchers.add(check);
      void finished.then(({ code }) => done(pattern.test(stdout) ? undefined : new Error(`exited with ${code} before ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`)));
      check();
    });
  return { child, output: () => stdout, waitFor, finished };
}

/** Runs the built CLI as a process of its own, as a shell script would; many can run at once. */
export function runBuilt(args: readonly string[], where: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  return startBuilt(args, where).finished;
}
