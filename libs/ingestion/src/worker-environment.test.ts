import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerEnvironmentError, workerContextFromEnvironment } from './worker-environment.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'worker-env-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the worker environment', () => {
  it('names every missing variable', async () => {
    await expect(workerContextFromEnvironment({})).rejects.toThrow(WorkerEnvironmentError);
    await expect(workerContextFromEnvironment({})).rejects.toThrow(/LAKE_URI: .*LEDGER_TABLE: /);
    await expect(workerContextFromEnvironment({ LAKE_URI: dir, LEDGER_TABLE: 't' })).rejects.toThrow('set exactly one of MASKING_KEY_SECRET_ID (Secrets Manager) and MASKING_KEY_FILE');
  });

  it('reads the masking key from a file and refuses a short one', async () => {
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, Buffer.alloc(32, 1).toString('base64'));
    const context = await workerContextFromEnvironment({ LAKE_URI: join(dir, 'lake'), LEDGER_TABLE: 'dm-ledger', MASKING_KEY_FILE: keyFile });
    expect(context.maskingKey).toEqual(Buffer.alloc(32, 1));
    expect(context.store.uri).toMatch(/^file:\/\//);
    context.ledger.close();
    writeFileSync(keyFile, Buffer.alloc(8).toString('base64'));
    await expect(workerContextFromEnvironment({ LAKE_URI: dir, LEDGER_TABLE: 'dm-ledger', MASKING_KEY_FILE: keyFile })).rejects.toThrow('must be at least 32 bytes, base64-encoded; it has 8');
  });
});
