// Runs the CLI in-process for tests, capturing what it prints.
import { Writable } from 'node:stream';
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
