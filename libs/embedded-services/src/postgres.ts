// A PostgreSQL cluster on loopback with logical replication on: the local stand-in for Aurora, so CDC runs
// against real pgoutput. Only the server binaries are needed; the machine's own clusters are never touched.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { stopOnce } from './embedded-server.js';

export interface LocalPostgresOptions {
  /** The database created in the cluster: the source database the platform captures (the contract's SOURCE_DATABASE). */
  readonly database: string;
  /** Cluster folder; a cluster already in it is reused and kept. When omitted, a temp folder (on tmpfs when there is one) that stop() removes. */
  readonly dataDir?: string;
  /**
   * Folder holding initdb and postgres; when omitted, the first that has both of: `pg_config --bindir`, the newest
   * /usr/lib/postgresql/N/bin (Debian/Ubuntu), the newest Homebrew postgresql@N, the folders on PATH (Fedora's /usr/bin).
   */
  readonly binDir?: string;
}

export interface LocalPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> — trust authentication, so no password. */
  readonly connectionString: string;
  readonly port: number;
  readonly dataDir: string;
  /** Fast shutdown, then removes the temp folder (never a caller's dataDir). Calling it again is harmless. */
  stop(): Promise<void>;
}

/** The local PostgreSQL could not start; the message says what is missing or what the server logged. */
export class LocalPostgresError extends Error {
  override readonly name = 'LocalPostgresError';
}

const SUPERUSER = 'postgres';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;
const run = promisify(execFile);

/** Starts a private cluster on a random free loopback port (never 5432), with the database asked for. */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const binDir = await findBinDir(options.binDir);
  const owner = await serverOwner();
  const runDir = await makeRunDir();
  try {
    const dataDir = options.dataDir === undefined ? join(runDir, 'data') : resolve(options.dataDir);
    if (owner) await chown(runDir, owner.uid, owner.gid);
    await initCluster(binDir, dataDir, runDir, owner);
    for (let attempt = 1; ; attempt++) {
      const port = await freeLoopbackPort();
      const child = spawnPostgres(binDir, dataDir, port, runDir, owner);
      // SIGQUIT is PostgreSQL's immediate shutdown: the postmaster takes its backends down with it.
      const killOnExit = (): void => {
        child.kill('SIGQUIT');
        rmSync(runDir, { recursive: true, force: true });
      };
      process.on('exit', killOnExit);
      try {
        await waitUntilReady(child, port, runDir);
        await ensureDatabase(port, options.database);
      } catch (error) {
        await shutDown(child);
        process.off('exit', killOnExit);
        // Another process may take the free port between the probe and postgres binding it.
        if (attempt < PORT_ATTEMPTS && /could not bind|address already in use/i.test(String(error))) continue;
        throw error;
      }
      const stop = stopOnce(async () => {
        try {
          await shutDown(child);
          await rm(runDir, { recursive: true, force: true });
        } finally {
          process.off('exit', killOnExit); // only now: an exit during the shutdown must still take the server down
        }
      });
      return { connectionString: `postgres://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(options.database)}`, port, dataDir, stop };
    }
  } catch (error) {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  }
}

/** Prefers tmpfs: initdb there takes a third of the time, and a throwaway cluster needs no disk. */
async function makeRunDir(): Promise<string> {
  const prefix = 'datamaster-pg-';
  return mkdtemp(join('/dev/shm', prefix)).catch(() => mkdtemp(join(tmpdir(), prefix)));
}

async function findBinDir(explicit: string | undefined): Promise<string> {
  const candidates =
    explicit === undefined
      ? [...(await pgConfigBinDir()), ...(await debianBinDirs()), ...(await homebrewBinDirs()), ...pathDirs()]
      : [resolve(explicit)];
  const found = candidates.find((dir) => ['initdb', 'postgres'].every((binary) => existsSync(join(dir, binary))));
  if (found !== undefined) return found;
  const looked = explicit === undefined ? 'pg_config --bindir, /usr/lib/postgresql/*/bin, Homebrew\'s postgresql@*/bin and PATH' : candidates.join(', ');
  throw new LocalPostgresError(
    `The PostgreSQL server binaries initdb and postgres were not found (looked in ${looked}). Install a PostgreSQL server ` +
      '(README.md, "Prerequisites"): "sudo apt-get install postgresql" (Debian/Ubuntu), "sudo dnf install postgresql-server" (Fedora), ' +
      '"brew install postgresql@16" (macOS); or pass binDir.',
  );
}

async function pgConfigBinDir(): Promise<string[]> {
  try {
    return [(await run('pg_config', ['--bindir'])).stdout.trim()];
  } catch {
    return [];
  }
}

/** Debian's layout, newest major version first. */
async function debianBinDirs(): Promise<string[]> {
  const root = '/usr/lib/postgresql';
  const versions = await readdir(root).catch(() => []);
  return versions.sort((a, b) => Number(b) - Number(a)).map((version) => join(root, version, 'bin'));
}

/** Homebrew's postgresql@N formulae are keg-only: nothing is linked onto PATH, so look in its opt folder. */
async function homebrewBinDirs(): Promise<string[]> {
  const prefixes = new Set([process.env['HOMEBREW_PREFIX'], '/opt/homebrew', '/usr/local'].filter((prefix) => prefix !== undefined));
  const dirs: { version: number; bin: string }[] = [];
  for (const prefix of prefixes) {
    for (const name of await readdir(join(prefix, 'opt')).catch(() => [])) {
      const version = /^postgresql@(\d+)$/.exec(name)?.[1];
      if (version !== undefined) dirs.push({ version: Number(version), bin: join(prefix, 'opt', name, 'bin') });
    }
  }
  return dirs.sort((a, b) => b.version - a.version).map((dir) => dir.bin);
}

/** Fedora installs the server binaries into /usr/bin, with no pg_config unless the -devel package is there. */
function pathDirs(): string[] {
  return (process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
}

interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/** PostgreSQL refuses to run as root, so as root the server runs as the postgres OS user. */
async function serverOwner(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', SUPERUSER]), run('id', ['-g', SUPERUSER])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch (error) {
    throw new LocalPostgresError(
      'PostgreSQL refuses to run as root, and there is no "postgres" OS user to run it as. ' +
        'Install the server with "apt-get install postgresql" (it creates that user), or run as a non-root user.',
      { cause: error },
    );
  }
}

async function initCluster(binDir: string, dataDir: string, runDir: string, owner: Owner | undefined): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (owner) await chown(dataDir, owner.uid, owner.gid);
  const args = ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'];
  try {
    await run(join(binDir, 'initdb'), args, { cwd: runDir, ...owner });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? String(error);
    const asUser = owner ? ' As root, initdb runs as the postgres OS user: every parent folder must be searchable by it (o+x).' : '';
    throw new LocalPostgresError(`initdb could not create a cluster in ${dataDir}: ${stderr}. Pass an empty or missing dataDir.${asUser}`, {
      cause: error,
    });
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

function spawnPostgres(binDir: string, dataDir: string, port: number, runDir: string, owner: Owner | undefined): ChildProcess {
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '', // TCP only: no socket folder to own or clean up
    wal_level: 'logical',
    max_replication_slots: '16',
    max_wal_senders: '16',
    fsync: 'off', // a throwaway cluster: speed over crash safety
    full_page_writes: 'off',
    synchronous_commit: 'off',
  };
  const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
  const log = openSync(logPath(runDir), 'a');
  try {
    const child = spawn(join(binDir, 'postgres'), args, { cwd: runDir, stdio: ['ignore', log, log], ...owner });
    child.once('error', (error) => spawnErrors.set(child, error));
    child.unref(); // the server must never keep this process alive; the exit hook stops it
    return child;
  } finally {
    closeSync(log);
  }
}

/** Why a server process could not be spawned at all (it then never exits), for waitUntilReady's message. */
const spawnErrors = new WeakMap<ChildProcess, Error>();

async function waitUntilReady(child: ChildProcess, port: number, runDir: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const spawnError = spawnErrors.get(child);
    if (spawnError) throw new LocalPostgresError(`postgres could not be started: ${spawnError.message}`, { cause: spawnError });
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new LocalPostgresError(`postgres exited (${child.signalCode ?? `code ${child.exitCode}`}) while starting; its log ends:\n${logTail(runDir)}`);
    }
    const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' });
    try {
      await client.connect();
      return;
    } catch (error) {
      lastError = error; // refused, or "the database system is starting up"
      await new Promise((done) => setTimeout(done, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new LocalPostgresError(
    `postgres did not accept connections on 127.0.0.1:${port} within ${READY_TIMEOUT_MS / 1000} s (${String(lastError)}); its log ends:\n${logTail(runDir)}`,
  );
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** SIGINT is PostgreSQL's fast shutdown (abort transactions, checkpoint); escalate if it hangs. */
async function shutDown(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.ref(); // keep this process alive until the server is really gone
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

const logPath = (runDir: string): string => join(runDir, 'postgres.log');

function logTail(runDir: string): string {
  try {
    return readFileSync(logPath(runDir), 'utf8').slice(-2_000);
  } catch {
    return '(no log)';
  }
}
