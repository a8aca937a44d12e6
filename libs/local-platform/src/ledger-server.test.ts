// The ledger server's lifetime across real processes: users are bundled node processes (testing/ledger-user.ts)
// and this test process; nothing of the server is mocked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLedger } from '@datamaster/control-ledger';
import { startEmbeddedDynamo } from '@datamaster/embedded-services';
import { initLakeHome, type LakeHome } from '@datamaster/lake-home';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LedgerServerError } from './errors.js';
import { ledgerRunFiles } from './ledger-run-files.mjs';
import { acquireLedgerService } from './ledger-service.js';
import { isAlive } from './process-alive.mjs';
import { stopLedgerServer } from './testing.js';
import { bundleLedgerUser } from './testing/bundle-ledger-user.js';
import { startLedgerUser } from './testing/ledger-user-process.js';

const IDLE_MS = 300;
let bundle: string;
let dir: string;
let home: LakeHome;
beforeAll(async () => void (bundle = await bundleLedgerUser()));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-server-'));
  home = initLakeHome(join(dir, 'home')).home;
});
afterEach(async () => {
  await stopLedgerServer(home.root);
  rmSync(dir, { recursive: true, force: true });
});

const serverPid = (): number => (JSON.parse(readFileSync(ledgerRunFiles(home.root).runFile, 'utf8')) as { pid: number }).pid;

async function gone(pid: number, withinMs: number): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await sleep(50)) if (!isAlive(pid)) return true;
  return false;
}

describe('the ledger server of a lake home', () => {
  it('is started once for processes that open the home at the same time, and all of them use it', async () => {
    const users = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => startLedgerUser(bundle, home.root, IDLE_MS, name)));
    expect(new Set(users.map((u) => u.endpoint)).size).toBe(1);
    expect(new Set(users.map((u) => u.recordId)).size).toBe(5);
    expect(await Promise.all(users.map((u) => u.count()))).toEqual([5, 5, 5, 5, 5]);
    expect(users.map((u) => u.pid)).not.toContain(serverPid());
    await Promise.all(users.map((u) => u.close()));
  });

  it('outlives the user that started it while another uses it, and stops after the last one, even a killed one', async () => {
    const starter = await startLedgerUser(bundle, home.root, IDLE_MS, 'starter');
    const server = serverPid();
    const other = await startLedgerUser(bundle, home.root, IDLE_MS, 'other');
    await starter.close();
    await sleep(IDLE_MS * 3);
    expect(isAlive(server)).toBe(true);
    expect(await other.count()).toBe(2);

    await other.kill();
    expect(await gone(server, IDLE_MS + 3_000)).toBe(true);
    const files = ledgerRunFiles(home.root);
    expect(existsSync(files.runFile)).toBe(false);
    expect(readFileSync(files.logFile, 'utf8')).toContain(`stopping: no user for ${IDLE_MS} ms`);

    // The next user starts a new server on the same ledger folder.
    const next = await startLedgerUser(bundle, home.root, IDLE_MS, 'next');
    expect(serverPid()).not.toBe(server);
    expect(await next.count()).toBe(3);
    await next.close();
  });

  it('breaks the start lock of a process that died holding it', async () => {
    const files = ledgerRunFiles(home.root);
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    mkdirSync(files.runDir, { recursive: true });
    writeFileSync(files.lockFile, String(dead));
    const service = await acquireLedgerService(home.root, home.ledgerDir, { idleMs: IDLE_MS });
    expect(existsSync(files.lockFile)).toBe(false);
    await service.release();
  });

  it('says why it cannot start, naming the home and its log', async () => {
    // A store of another kind holds the ledger folder and publishes no run file.
    const foreign = await startEmbeddedDynamo({ dataDir: home.ledgerDir });
    const ledger = await openLedger({ ...foreign, tableName: home.config.ledger.tableName });
    try {
      const failure = acquireLedgerService(home.root, home.ledgerDir, { idleMs: IDLE_MS });
      await expect(failure).rejects.toThrow(LedgerServerError);
      await expect(failure).rejects.toThrow(
        `The control ledger's server for the lake home ${home.root} is not available: its process exited at start (code 1). Its log: ${ledgerRunFiles(home.root).logFile}, which ends with:\nThe ledger folder ${home.ledgerDir} is in use by another DynamoDB store`,
      );
    } finally {
      ledger.close();
      await foreign.stop();
    }
  });
});
