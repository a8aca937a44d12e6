// The control ledger's embedded DynamoDB-API server for a lake home. Only one process can hold its on-disk store, so
// it runs as a process of its own (ledger-server.mjs) that every command of the home shares: a command registers as
// a user, connects to the server named in run/ledger.json (starting one when none runs) and unregisters on release.
// The server stops by itself a while after its last user, so it outlives the command that started it while others
// still use it. The ECS-task child, Spark jobs and the Python tests' own server go by run/ledger.json too.
import { mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { LedgerServerError } from './errors.js';
import { acquireHomeLock, HomeLockTimeoutError } from './home-lock.js';
import { asLedgerRun, endpointOf, type LedgerEndpoint, type LedgerRun } from './ledger-endpoint.js';
import { ledgerRunFiles, type LedgerRunFiles } from './ledger-run-files.mjs';
import { startLedgerServer } from './ledger-server-process.js';
import { registerUser } from './ledger-users.mjs';
import { isAlive } from './process-alive.mjs';

export interface LedgerService extends LedgerEndpoint {
  /** Unregisters this user; the server stops by itself once no user is left. */
  release(): Promise<void>;
}

export interface LedgerServiceOptions {
  /** How long a server this call starts keeps running after its last user is gone. */
  readonly idleMs?: number;
}

/** Long enough for the next command of a script to find the server still running, short enough to be gone soon after. */
const DEFAULT_LEDGER_IDLE_MS = 3_000;
/** The lock is held while a server starts, which takes up to its start timeout. */
const LOCK_TIMEOUT_MS = 30_000;

/** Connects to the home's running ledger server, or starts one on `dataDir`, as one more of its users. */
export async function acquireLedgerService(homeRoot: string, dataDir: string, options: LedgerServiceOptions = {}): Promise<LedgerService> {
  const files = ledgerRunFiles(homeRoot);
  mkdirSync(files.usersDir, { recursive: true });
  // Joining holds the lock: of two commands started together one starts the server and the other then finds it, and
  // a server never stops between a command's registering and its connecting (it takes the lock to stop).
  const unlock = await lock(homeRoot, files);
  const unregister = registerUser(files.usersDir);
  try {
    const run = (await runningServer(files.runFile)) ?? (await startLedgerServer({ home: homeRoot, dataDir, files, idleMs: options.idleMs ?? DEFAULT_LEDGER_IDLE_MS }));
    return { ...endpointOf(run), release: async () => unregister() };
  } catch (error) {
    unregister();
    throw error;
  } finally {
    unlock();
  }
}

async function lock(home: string, files: LedgerRunFiles): Promise<() => void> {
  try {
    return await acquireHomeLock(files.lockFile, { timeoutMs: LOCK_TIMEOUT_MS });
  } catch (error) {
    if (!(error instanceof HomeLockTimeoutError)) throw error;
    throw new LedgerServerError(home, files.logFile, `${error.message}, starting or stopping the server`, { cause: error });
  }
}

/** The server in the run file, if its process is alive and accepts connections. */
async function runningServer(runFile: string): Promise<LedgerRun | undefined> {
  let run: LedgerRun | undefined;
  try {
    run = asLedgerRun(JSON.parse(readFileSync(runFile, 'utf8')));
  } catch {
    // No run file, or a torn one: no server to join.
  }
  return run && isAlive(run.pid) && (await accepts(run.endpoint)) ? run : undefined;
}

function accepts(endpoint: string): Promise<boolean> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const answer = (ok: boolean) => {
      // An open probe socket would keep the server from shutting down later.
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.once('timeout', () => answer(false));
  });
}
