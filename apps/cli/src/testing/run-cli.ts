// Runs the CLI for tests, capturing what it prints: in-process, or the built bundle as a process of its own.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Writable } from 'node:stream';
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

/** Runs the built CLI as a process of its own, as a shell script would; many can run at once. */
export function runBuilt(args: readonly string[], where: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: build the CLI first (npx nx run cli:build)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd: where.cwd, env: { ...process.env, NO_COLOR: '1', ...where.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}
