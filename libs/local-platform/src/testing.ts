// For tests that delete a lake home: its ledger server may still be writing the ledger folder (LevelDB opening or
// compacting) while the folder is removed, which fails the removal. Stopping the server first makes it safe.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { asLedgerRun } from './ledger-endpoint.js';
import { ledgerRunFiles } from './ledger-run-files.mjs';
import { isAlive } from './process-alive.mjs';

const STOP_TIMEOUT_MS = 10_000;

/** Stops the home's ledger server, if one runs, and waits until its process is gone. */
export async function stopLedgerServer(homeRoot: string): Promise<void> {
  let pid: number | undefined;
  try {
    pid = asLedgerRun(JSON.parse(readFileSync(ledgerRunFiles(homeRoot).runFile, 'utf8')))?.pid;
  } catch {
    return; // no run file: no server
  }
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (const deadline = Date.now() + STOP_TIMEOUT_MS; isAlive(pid); await sleep(25)) {
    if (Date.now() > deadline) throw new Error(`the ledger server (pid ${pid}) of ${homeRoot} did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM`);
  }
}
