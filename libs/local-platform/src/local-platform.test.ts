import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initLakeHome } from '@datamaster/lake-home';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalPlatform } from './local-platform.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'local-platform-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the local platform of a lake home', () => {
  it('persists the ledger across runs and shares one running server between processes', async () => {
    const { home } = initLakeHome(join(dir, 'home'));
    const first = await openLocalPlatform(home);
    const { record } = await first.ledger.register({ layer: 'bronze', table: 'review', objectKey: 'raw/review/a.gz', etag: 'e1', objectSize: 1, format: 'csv', source: 'batch' });
    const second = await openLocalPlatform(home);
    expect(second.ledgerEndpoint.endpoint).toBe(first.ledgerEndpoint.endpoint);
    expect(await second.ledger.get(record.recordId)).toMatchObject({ status: 'pending' });
    await second.close();
    expect(await first.ledger.get(record.recordId)).toBeDefined();
    await first.close();

    const reopened = await openLocalPlatform(home);
    expect(reopened.ledgerEndpoint.endpoint).not.toBe(first.ledgerEndpoint.endpoint);
    expect(await reopened.ledger.get(record.recordId)).toMatchObject({ objectKey: 'raw/review/a.gz' });
    expect(reopened.maskingKey).toHaveLength(32);
    await reopened.close();
  });
});
