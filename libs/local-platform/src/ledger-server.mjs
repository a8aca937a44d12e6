// @ts-check
// The control ledger's DynamoDB-API server (dynalite) for one lake home, as its own detached process, so it outlives
// the command that started it while other commands still use it. ledger-server-process.ts starts it; it is plain
// JavaScript so that node runs it as it is, from the source tree as well as beside any bundle of the CLI.
// Protocol: argv[2] is the JSON of {home, dataDir, idleMs}. Once listening it writes the run file (ledgerRunFiles),
// sends {type: 'ready', run} (the run file's content) over IPC and disconnects; stdout and stderr are the log file. It stops, removing
// the run file, once no live user has been registered for idleMs, or on SIGTERM/SIGINT.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import dynalite from 'dynalite';
import { assertDataDirFree } from './ledger-data-dir.mjs';
import { ledgerRunFiles } from './ledger-run-files.mjs';
import { liveUsers } from './ledger-users.mjs';
import { tryLock } from './lock-file.mjs';

/** How often the users folder is checked. */
const WATCH_MS = 250;

const { home, dataDir, idleMs } = /** @type {{ home: string, dataDir: string, idleMs: number }} */ (JSON.parse(process.argv[2] ?? '{}'));
const files = ledgerRunFiles(home);
const log = (/** @type {string} */ line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

await assertDataDirFree(dataDir);
// The options of startEmbeddedDynamo (libs/embedded-services/src/dynamo.ts): tables are ACTIVE at once.
const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const port = await new Promise((listening, fail) => {
  server.once('error', fail);
  server.listen(0, '127.0.0.1', () => listening(/** @type {import('node:net').AddressInfo} */ (server.address()).port));
});
const run = {
  endpoint: `http://127.0.0.1:${port}`,
  region: 'us-east-1',
  // dynalite does not check signatures; the SDK only needs some credentials to sign with.
  credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
  pid: process.pid,
};
// Written whole under another name first: readers that take no lock (a Spark job started by hand) never see half.
writeFileSync(`${files.runFile}.${process.pid}.tmp`, JSON.stringify(run));
renameSync(`${files.runFile}.${process.pid}.tmp`, files.runFile);
log(`ledger server of ${home} listening at ${run.endpoint} (pid ${process.pid}); it stops ${idleMs} ms after its last user`);
process.send?.({ type: 'ready', run }, () => process.disconnect?.());

let lastUsed = Date.now();
const watch = setInterval(() => {
  // The home was deleted: no command can find this server any more.
  if (!existsSync(files.runDir)) return void stop('the lake home is gone');
  if (liveUsers(files.usersDir) > 0) return void (lastUsed = Date.now());
  if (Date.now() - lastUsed < idleMs) return;
  // Stopping holds the lock that commands take to join, so none joins a server that is going away.
  const release = tryLock(files.lockFile);
  if (release === undefined) return;
  if (liveUsers(files.usersDir) > 0) return void release();
  void stop(`no user for ${idleMs} ms`, release);
}, WATCH_MS);
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));

let stopping = false;
/**
 * @param {string} reason
 * @param {() => void} [release] the lock, held until the folder is free for the next server
 */
async function stop(reason, release) {
  if (stopping) return;
  stopping = true;
  clearInterval(watch);
  log(`stopping: ${reason}`);
  if (runFilePid() === process.pid) rmSync(files.runFile, { force: true });
  // close() stops the HTTP server, waits for pending LevelDB operations, then releases the folder's LOCK; a
  // connection a client keeps alive must not hold it up.
  const closed = new Promise((done) => server.close(() => done(undefined)));
  server.closeAllConnections();
  await closed;
  release?.();
  log('stopped');
  process.exit(0);
}

/** The pid in the run file: another server may have replaced this one's (the home was reset meanwhile). */
function runFilePid() {
  try {
    return /** @type {{ pid?: unknown }} */ (JSON.parse(readFileSync(files.runFile, 'utf8'))).pid;
  } catch {
    return undefined;
  }
}
