import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { initLakeHome } from '@datamaster/lake-home';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ledgerRunFiles } from './ledger-run-files.mjs';
import { openLocalPlatform } from './local-platform.js';
import { stopLedgerServer } from './testing.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'local-platform-'))));
afterEach(async () => {
  await stopLedgerServer(join(dir, 'home'));
  rmSync(dir, { recursive: true, force: true });
});

describe('the local platform of a lake home', () => {
  it('shares one ledger server between openings and persists the ledger across servers', async () => {
    const { home } = initLakeHome(join(dir, 'home'));
    const idleMs = 200;
    const serverPid = () => (JSON.parse(readFileSync(ledgerRunFiles(home.root).runFile, 'utf8')) as { pid: number }).pid;
    const first = await openLocalPlatform(home, { idleMs });
    const firstServer = serverPid();
    const { record } = await first.ledger.register({ layer: 'bronze', table: 'review', objectKey: 'raw/review/a.gz', etag: 'e1', objectSize: 1, format: 'csv', source: 'batch' });
    const second = await openLocalPlatform(home, { idleMs });
    expect(second.ledgerEndpoint.endpoint).toBe(first.ledgerEndpoint.endpoint);
    expect(await second.ledger.get(record.recordId)).toMatchObject({ status: 'pending' });
    await first.close();
    expect(await second.ledger.get(record.recordId)).toBeDefined();
    await second.close();

    // The server stops after its last user; the next opening starts another on the same ledger folder.
    await sleep(idleMs + 1_000);
    const reopened = await openLocalPlatform(home, { idleMs });
    expect(serverPid()).not.toBe(firstServer);
    expect(await reopened.ledger.get(record.recordId)).toMatchObject({ objectKey: 'raw/review/a.gz' });
    expect(reopened.maskingKey).toHaveLength(32);
    await reopened.close();
  });
});
