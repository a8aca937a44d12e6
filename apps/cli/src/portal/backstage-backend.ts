// The dev portal's Backstage backend as a child process (its TypeScript run by tsx, as in development), with its
// log in the lake home, ready once its readiness endpoint answers.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PortalStartError } from './errors.js';
import type { PortalWorkspace } from './portal-workspace.js';

export interface BackstageBackend {
  readonly url: string;
  /** Resolves with a description of how the process ended, once it has (by itself, or after stop()). */
  readonly ended: Promise<string>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;

function tail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Fails, naming the fix, when something already listens on the port (its readiness would pass for ours). */
async function ensurePortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortalStartError(`Port ${port} is already in use (another portal or Backstage?): stop it, or pass --port <another>.`) : error),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

export async function startBackstageBackend(
  workspace: PortalWorkspace,
  options: { configFile: string; port: number; logFile: string; env: NodeJS.ProcessEnv; signal: AbortSignal },
): Promise<BackstageBackend> {
  await ensurePortFree(options.port);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(
    process.execPath,
    ['--disable-warning=NodeVersionSupportWarning', '--import', 'tsx', 'src/index.ts', '--config', 'app-config.yaml', '--config', options.configFile],
    { cwd: workspace.backendDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...options.env, NODE_ENV: 'development', FORCE_COLOR: '0' } },
  );
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  // 'close': the process has exited and its output is drained into the log, which is then complete to read.
  const ended = new Promise<string>((resolve) =>
    child.once('close', (code, signal) => log.end(() => resolve(signal === null ? `exit code ${code}` : `signal ${signal}`))),
  );
  let running = true;
  void ended.then(() => (running = false));
  const stop = async () => {
    if (running) {
      child.kill('SIGTERM');
      const escalate = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await ended;
      clearTimeout(escalate);
    }
    await ended;
  };
  const onAbort = () => void stop();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const url = `http://localhost:${options.port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (options.signal.aborted) throw new PortalStartError('The portal was stopped while it started.');
      if (!running) throw new PortalStartError(`The portal backend ended (${await ended}) before it was ready. End of ${options.logFile}:\n${tail(options.logFile)}`);
      const ready = await fetch(`http://127.0.0.1:${options.port}/.backstage/health/v1/readiness`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (ready) return { url, ended, stop };
      if (Date.now() > deadline) throw new PortalStartError(`The portal backend was not ready after ${READY_TIMEOUT_MS / 1000} s. End of ${options.logFile}:\n${tail(options.logFile)}`);
      await sleep(500);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
}

export const portalLogFile = (homeRoot: string) => join(homeRoot, 'run', 'portal.log');
