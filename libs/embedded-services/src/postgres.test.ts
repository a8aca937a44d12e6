import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalPostgresError, startLocalPostgres, type LocalPostgres } from './postgres.js';
import { isProcessAlive, probeEndpoint } from './test-helpers.js';

const run = promisify(execFile);

async function query(server: LocalPostgres, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: server.connectionString });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The postmaster's pid: the first line of postmaster.pid in the data folder. */
const postmasterPid = (dataDir: string): number => Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

// initdb alone takes a second or more, more on a busy machine.
describe('startLocalPostgres', { timeout: 60_000 }, () => {
  let scratch: string;
  beforeAll(async () => {
    // On tmpfs where there is one, as startLocalPostgres does for its own folders: initdb is much faster there.
    scratch = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'local-pg-test-'));
    // mkdtemp makes a private folder; as root the server runs as the postgres user, who must reach the dataDir.
    await chmod(scratch, 0o755);
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('runs a logical-replication cluster with the database asked for on loopback, and stop() leaves nothing behind', async () => {
    const server = await startLocalPostgres({ database: 'probe_db' });
    const pid = postmasterPid(server.dataDir);
    try {
      expect(server.connectionString).toBe(`postgres://postgres@127.0.0.1:${server.port}/probe_db`);
      expect(server.port).not.toBe(5432);
      const settings = await query(server, "SELECT current_database() AS db, current_setting('wal_level') AS wal, current_setting('max_replication_slots') AS slots");
      expect(settings.rows[0]).toEqual({ db: 'probe_db', wal: 'logical', slots: '16' });
      // A logical slot with pgoutput is what CDC needs; creating one proves the settings took effect.
      await query(server, "SELECT pg_create_logical_replication_slot('probe', 'pgoutput')");
      await query(server, "SELECT pg_drop_replication_slot('probe')");
    } finally {
      await server.stop();
    }
    expect(await probeEndpoint(`tcp://127.0.0.1:${server.port}`)).toBe('ECONNREFUSED');
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(false);
    await server.stop();
  });

  it("reuses the cluster in a caller's dataDir across restarts and keeps the folder", async () => {
    const dataDir = join(scratch, 'cluster');
    const first = await startLocalPostgres({ database: 'probe_db', dataDir });
    try {
      await query(first, 'CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (7)');
      // A second server on the same folder is refused by PostgreSQL's own lock, and the error shows its log.
      const twin = startLocalPostgres({ database: 'probe_db', dataDir });
      await expect(twin).rejects.toBeInstanceOf(LocalPostgresError);
      await expect(twin).rejects.toThrow(/postgres exited \(code 1\) while starting; its log ends:[\s\S]*lock file "postmaster.pid" already exists/);
    } finally {
      await first.stop();
    }
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

    const second = await startLocalPostgres({ database: 'probe_db', dataDir });
    try {
      expect((await query(second, 'SELECT id FROM kept')).rows).toEqual([{ id: 7 }]);
    } finally {
      await second.stop();
    }
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  });

  it('takes the server and its folder down when the process that started it exits without stop()', async () => {
    // A separate Node process must start the server and exit; esbuild makes this TypeScript (and the workspace
    // sources it imports) runnable there, leaving the npm package pg to node_modules.
    const script = join(scratch, 'exits-without-stop.cjs');
    const body = `const { readFileSync } = require('node:fs');
      require('./postgres.ts').startLocalPostgres({ database: 'probe_db' }).then((server) => {
        const pid = Number(readFileSync(server.dataDir + '/postmaster.pid', 'utf8').split('\\n')[0]);
        console.log(JSON.stringify({ pid, dataDir: server.dataDir }));
        process.exit(0);
      });`;
    await build({ stdin: { contents: body, resolveDir: import.meta.dirname, loader: 'js' }, bundle: true, platform: 'node', format: 'cjs', external: ['pg'], outfile: script, logLevel: 'silent' });
    const nodeModules = join(import.meta.dirname, '..', '..', '..', 'node_modules');
    const { stdout } = await run(process.execPath, [script], { env: { ...process.env, NODE_PATH: nodeModules } });
    const started = JSON.parse(stdout) as { pid: number; dataDir: string };
    expect(started.pid).toBeGreaterThan(0);
    const deadline = Date.now() + 10_000;
    while (isProcessAlive(started.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isProcessAlive(started.pid)).toBe(false);
    expect(existsSync(dirname(started.dataDir))).toBe(false);
  });

  it('names the missing binaries and how to install them', async () => {
    const started = startLocalPostgres({ database: 'probe_db', binDir: scratch });
    await expect(started).rejects.toBeInstanceOf(LocalPostgresError);
    await expect(started).rejects.toThrow(`initdb and postgres were not found (looked in ${scratch})`);
    await expect(started).rejects.toThrow('apt-get install postgresql');
  });
});
