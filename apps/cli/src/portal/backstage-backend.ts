// The dev portal's Backstage backend as a child process (its TypeScript run by tsx, as in development), with its
// log in the lake home, ready once its readiness endpoint answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { PortalStartError } from './errors.js';
import type { PortalWorkspace } from './portal-workspace.js';

export interface BackstageBackend {
  readonly url: string;
  /** Resolves when the process exits (by itself or after stop()). */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 180_000;

function tail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startBackstageBackend(workspace: PortalWorkspace, options: { configFile: string; port: number; logFile: string; env: NodeJS.ProcessEnv }): Promise<BackstageBackend> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=NodeVersionSupportWarning', '--import', 'tsx', 'src/index.ts', '--config', 'app-config.yaml', '--config', options.configFile],
    { cwd: workspace.backendDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...options.env, NODE_ENV: 'development', FORCE_COLOR: '0' } },
  );
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://localhost:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    log.end();
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new PortalStartError(`The portal backend exited with code ${child.exitCode} before it was ready. End of ${options.logFile}:\n${tail(options.logFile)}`);
    const ready = await fetch(`http://127.0.0.1:${options.port}/.backstage/health/v1/readiness`).then((r) => r.ok, () => false);
    if (ready) return { url, exited, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new PortalStartError(`The portal backend was not ready after ${READY_TIMEOUT_MS / 1000} s. End of ${options.logFile}:\n${tail(options.logFile)}`);
    }
    await sleep(500);
  }
}

export const portalLogFile = (homeRoot: string) => join(homeRoot, 'run', 'portal.log');
