import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerEnvironmentError, ledgerFromEnvironment, workerContextFromEnvironment } from './worker-environment.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'worker-env-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the worker environment', () => {
  it('names every missing variable', async () => {
    await expect(workerContextFromEnvironment({})).rejects.toThrow(WorkerEnvironmentError);
    await expect(workerContextFromEnvironment({})).rejects.toThrow(/LAKE_URI: .*LEDGER_TABLE: /);
    await expect(workerContextFromEnvironment({ LAKE_URI: dir, LEDGER_TABLE: 't' })).rejects.toThrow('set exactly one of MASKING_KEY_SECRET_ID (Secrets Manager) and MASKING_KEY_FILE');
  });

  it('keeps raw objects and delivery errors in RAW_URI and the rest in LAKE_URI when both are set', async () => {
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, Buffer.alloc(32, 1).toString('base64'));
    const context = await workerContextFromEnvironment({ LAKE_URI: join(dir, 'lake'), RAW_URI: join(dir, 'raw'), LEDGER_TABLE: 'dm-ledger', MASKING_KEY_FILE: keyFile });
    for (const key of ['raw/review/a.csv.gz', 'errors/processing-failed/e', 'bronze/review/a.parquet', 'quarantine/review/a.ndjson']) await context.store.put(key, key);
    expect(['raw/review/a.csv.gz', 'errors/processing-failed/e'].map((key) => existsSync(join(dir, 'raw', key)))).toEqual([true, true]);
    expect(['bronze/review/a.parquet', 'quarantine/review/a.ndjson'].map((key) => existsSync(join(dir, 'lake', key)))).toEqual([true, true]);
    expect(existsSync(join(dir, 'lake', 'raw'))).toBe(false);
    expect((await context.store.getBytes('raw/review/a.csv.gz')).toString()).toBe('raw/review/a.csv.gz');
    await context.store.close();
    context.ledger.close();
  });

  it('writes lineage to standard output under the stage\'s namespace when LINEAGE_NAMESPACE is set, and none without it', async () => {
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, Buffer.alloc(32, 1).toString('base64'));
    const base = { LAKE_URI: 's3://lake-bucket', RAW_URI: 's3://raw-bucket', LEDGER_TABLE: 'dm-ledger', MASKING_KEY_FILE: keyFile };
    const without = await workerContextFromEnvironment(base);
    expect(without.lineage).toBeUndefined();
    const context = await workerContextFromEnvironment({ ...base, LINEAGE_NAMESPACE: 'datamaster/prod' });
    expect(context.lineage).toMatchObject({ namespace: 'datamaster/prod', warehouse: 's3://lake-bucket', rawStore: 's3://raw-bucket' });
    // With OPENLINEAGE_URL each event also goes to the endpoint, which must answer: a refused event is an error there.
    const endpoint = await workerContextFromEnvironment({ ...base, LINEAGE_NAMESPACE: 'datamaster/prod', OPENLINEAGE_URL: 'http://127.0.0.1:9' });
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((text: string) => (written.push(text), true)) as typeof process.stdout.write;
    try {
      await expect(endpoint.lineage?.sink({ eventType: 'START' })).rejects.toThrow();
    } finally {
      process.stdout.write = write;
    }
    expect(written).toEqual(['{"eventType":"START"}\n']);
    for (const c of [without, context, endpoint]) {
      await c.store.close();
      c.ledger.close();
    }
  });

  it('gives the failure handler the ledger alone, naming what is missing', () => {
    expect(() => ledgerFromEnvironment({})).toThrow("The ledger failure handler's environment is incomplete: LEDGER_TABLE: ");
    const ledger = ledgerFromEnvironment({ LEDGER_TABLE: 'dm-ledger' });
    expect(ledger).toBeDefined();
    ledger.close();
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
