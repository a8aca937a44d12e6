// Test helper: moto's server (a Python emulator of AWS APIs, Glue and S3 among them) on a random loopback port,
// in a child process. spark/pyproject.toml pins moto (5.2.1, which ignores UpdateTable's VersionId: see
// glue-version-guard.ts) and spark:setup installs it into spark/.venv.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { SPARK_SETUP_COMMAND, SPARK_VENV_PYTHON } from './python-venv.js';

export class MotoUnavailableError extends Error {
  constructor(readonly command: string, readonly reason: string) {
    super(`moto's server cannot run (${command}): ${reason}. Set it up with \`${SPARK_SETUP_COMMAND}\`, or set MOTO_PYTHON to a Python that has moto[server]`);
    this.name = 'MotoUnavailableError';
  }
}

export interface MotoServer {
  /** e.g. http://127.0.0.1:54321, for every AWS client (moto serves all services on one port). */
  readonly endpoint: string;
  readonly region: string;
  /** moto accepts any; these are its documented test values. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly pid: number;
  /** Stops the server; calling it again is harmless. */
  stop(): Promise<void>;
}

export interface MotoServerOptions {
  /** A Python to run `-m moto.server` with. Defaults to motoPython(). */
  readonly python?: string;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const STDERR_TAIL_CHARS = 4_000;

/** $MOTO_PYTHON, else spark/.venv's Python: never whatever moto happens to be on PATH, so the pinned one is tested. */
export function motoPython(env: NodeJS.ProcessEnv = process.env): string {
  return env['MOTO_PYTHON'] ?? SPARK_VENV_PYTHON;
}

export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
  const python = options.python ?? motoPython();
  const args = ['-m', 'moto.server'];
  const commandLine = [python, ...args].join(' ');
  // Port 0: the OS picks a free port, and werkzeug reports it on stderr ("Running on http://127.0.0.1:<port>").
  const child = spawn(python, [...args, '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.on('exit', killOnExit);
  // moto logs every request to stderr: keep reading it, or a full pipe would stall the server.
  let stderrTail = '';
  const port = new Promise<number>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
      const listening = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderrTail);
      if (listening?.[1] !== undefined) resolve(Number(listening[1]));
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new MotoUnavailableError(commandLine, error.code === 'ENOENT' ? `${python} does not exist` : error.message)),
    );
    child.once('exit', (code, signal) => {
      const missing = /No module named '?(moto|flask|werkzeug)[^\n]*/.exec(stderrTail);
      if (missing !== null) reject(new MotoUnavailableError(commandLine, missing[0]));
      else reject(new Error(`moto's server exited (${signal ?? `code ${code}`}) before it listened; stderr:\n${stderrTail}`));
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    })());

  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`moto's server did not listen within ${START_TIMEOUT_MS} ms; stderr:\n${stderrTail}`)), START_TIMEOUT_MS);
    });
    const endpoint = `http://127.0.0.1:${await Promise.race([port, timeout])}`;
    await Promise.race([answers(endpoint, Date.now() + START_TIMEOUT_MS), timeout]);
    return {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      pid: child.pid as number,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once moto's own API answers: the server is serving, not only bound. */
async function answers(endpoint: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await fetch(`${endpoint}/moto-api/`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`moto's server at ${endpoint} did not answer`);
}
