// Starting the lake home's ledger server as a detached process (ledger-server.mjs), so that it outlives this
// command while other commands still use it; it stops by itself after its last user.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LedgerServerError } from './errors.js';
import { asLedgerRun, type LedgerRun } from './ledger-endpoint.js';
import type { LedgerRunFiles } from './ledger-run-files.mjs';

/**
 * Resolved as a package export rather than next to this module: a bundle of the CLI (or of a bench) inlines this
 * module but not the server's file, and the package resolves from wherever the bundle is in the workspace.
 */
const SERVER_SCRIPT = createRequire(import.meta.url).resolve('@datamaster/local-platform/ledger-server');

/** How long a server may take to open the ledger and listen; a busy 2-core machine needs more than a second. */
const START_TIMEOUT_MS = 20_000;
const LOG_TAIL_CHARS = 2_000;

export interface LedgerServerRequest {
  readonly home: string;
  readonly dataDir: string;
  readonly files: LedgerRunFiles;
  /** How long the server waits after its last user is gone before it stops. */
  readonly idleMs: number;
}

/** Starts the server and resolves with its run once it listens and has written the run file. */
export async function startLedgerServer(request: LedgerServerRequest): Promise<LedgerRun> {
  const { home, dataDir, files, idleMs } = request;
  // The log keeps the current (or last) server's output; a new server starts it afresh.
  const log = openSync(files.logFile, 'w');
  const child = spawn(process.execPath, [SERVER_SCRIPT, JSON.stringify({ home, dataDir, idleMs })], {
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<LedgerRun>((ready, fail) => {
      child.once('message', (message: { type?: unknown; run?: unknown }) => {
        const run = message.type === 'ready' ? asLedgerRun(message.run) : undefined;
        if (run) ready(run);
        else fail(new LedgerServerError(home, files.logFile, `its process sent ${JSON.stringify(message)} instead of its ready message`));
      });
      child.once('error', (error) => fail(new LedgerServerError(home, files.logFile, `its process could not be started (${error.message})`, { cause: error })));
      child.once('exit', (code, signal) => fail(new LedgerServerError(home, files.logFile, `its process exited at start (${signal ?? `code ${code}`})`, { logTail: logTail(files.logFile) })));
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new LedgerServerError(home, files.logFile, `it did not listen within ${START_TIMEOUT_MS / 1000} s`, { logTail: logTail(files.logFile) }));
      }, START_TIMEOUT_MS);
    });
  } finally {
    clearTimeout(timer);
    // Neither the IPC channel nor the child may keep this command alive: the server lives on by itself.
    if (child.connected) child.disconnect();
    child.removeAllListeners();
    child.unref();
  }
}

function logTail(logFile: string): string | undefined {
  try {
    return readFileSync(logFile, 'utf8').trim().slice(-LOG_TAIL_CHARS);
  } catch {
    return undefined;
  }
}
