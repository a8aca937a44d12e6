// @ts-check
// Where a lake home's ledger server and its users meet: the run folder. Shared by the server process
// (ledger-server.mjs) and the commands that use it (ledger-service.ts), so both name the same files.
import { join } from 'node:path';

/**
 * @typedef {object} LedgerRunFiles
 * @property {string} runDir the home's run folder
 * @property {string} runFile the running server's endpoint and pid, read by every process that uses the ledger
 * @property {string} lockFile held while a command starts or joins the server, and while the server stops
 * @property {string} usersDir one file per command using the server, named `<pid>-<n>`
 * @property {string} logFile the server process's stdout and stderr
 */

/**
 * @param {string} homeRoot
 * @returns {LedgerRunFiles}
 */
export function ledgerRunFiles(homeRoot) {
  const runDir = join(homeRoot, 'run');
  return {
    runDir,
    runFile: join(runDir, 'ledger.json'),
    lockFile: join(runDir, 'ledger.lock'),
    usersDir: join(runDir, 'ledger-users'),
    logFile: join(runDir, 'ledger-server.log'),
  };
}
