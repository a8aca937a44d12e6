import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openLedger, type ControlLedger } from '@datamaster/control-ledger';
import { startEmbeddedDynamo, type EmbeddedServer } from '@datamaster/embedded-services';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BronzeWorkFailedError, processRawObject } from './process-raw-object.js';
import { registerRawObject } from './register-raw-object.js';

const MASKING_KEY = Buffer.alloc(32, 7);
let server: EmbeddedServer;
let dir: string;
let store: ObjectStore;
let ledger: ControlLedger;
let tableCount = 0;

beforeAll(async () => {
  server = await startEmbeddedDynamo();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bronze-work-'));
  store = openObjectStore(join(dir, 'lake'));
  tableCount += 1;
  ledger = await openLedger({ ...server, tableName: `ledger-${tableCount}` });
  return async () => {
    ledger.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
});

const PROFILE_CSV = 'profile_id,profile_name,email,state\n1,hopfan,hop@example.com,CA\n2,maltlover,malt@example.com,OR\nx,bad,bad@example.com,WA\n';

async function putRaw(key: string, text: string, metadata: Record<string, string> = { format: 'csv', table: 'profile', source: 'batch', 'extracted-at': '2026-01-01T00:00:00.000Z' }) {
  return store.put(key, gzipSync(text), { metadata });
}

async function readAll(key: string): Promise<Buffer> {
  return store.getBytes(key);
}

describe('registering raw objects', () => {
  it('registers one record per object version, however often the event comes', async () => {
    await putRaw('raw/profile/batch-1.csv.gz', PROFILE_CSV);
    const first = await registerRawObject(store, ledger, 'raw/profile/batch-1.csv.gz');
    const again = await registerRawObject(store, ledger, 'raw/profile/batch-1.csv.gz');
    expect(first.created).toBe(true);
    expect(again).toEqual({ record: first.record, created: false });
    expect(first.record).toMatchObject({ layer: 'bronze', table: 'profile', format: 'csv', source: 'batch', status: 'pending', estimatedRecords: 3 });
  });

  it('takes the format from the file extension, or from the content, when no metadata declares it', async () => {
    await store.put('raw/profile/stream-1.ndjson.gz', gzipSync('{"profile_id":1}\n'));
    await store.put('raw/profile/extract', gzipSync(PROFILE_CSV));
    expect((await registerRawObject(store, ledger, 'raw/profile/stream-1.ndjson.gz')).record).toMatchObject({ format: 'ndjson', attributes: { formatDeclaredBy: 'file-extension' } });
    expect((await registerRawObject(store, ledger, 'raw/profile/extract')).record).toMatchObject({ format: 'csv', attributes: { formatDeclaredBy: 'content' } });
  });
});

describe('processing a raw object into bronze', () => {
  it('writes masked bronze Parquet, quarantines the bad row, hands the object to silver and records the counts', async () => {
    await putRaw('raw/profile/batch-1.csv.gz', PROFILE_CSV);
    const { record } = await registerRawObject(store, ledger, 'raw/profile/batch-1.csv.gz');
    const done = await processRawObject({ store, ledger, maskingKey: MASKING_KEY }, { recordId: record.recordId, owner: 'test', computeTarget: 'local' });
    const bronzeKey = `bronze/profile/ingest_date=${record.registeredAt.slice(0, 10)}/batch-1.parquet`;
    expect(done).toMatchObject({ status: 'succeeded', rowsIn: 3, rowsOut: 2, rowsQuarantined: 1, outputKeys: [bronzeKey], computeTarget: 'local' });
    const parquet = await readAll(bronzeKey);
    expect(parquet.subarray(0, 4).toString()).toBe('PAR1');
    expect(parquet.includes('hop@example.com')).toBe(false);
    expect(parquet.includes('hopfan')).toBe(false);
    const quarantine = (await readAll(done.quarantineKey!)).toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(quarantine).toEqual([expect.objectContaining({ line: 4, reason: expect.stringContaining('profile_id') })]);
    const silver = await ledger.findByObject('silver', bronzeKey, (await store.head(bronzeKey))!.etag);
    expect(silver).toMatchObject({ layer: 'silver', table: 'profile', status: 'pending', format: 'parquet', estimatedRecords: 2 });
  });

  it('reprocessing replaces the bronze object (same key, same bytes), never adds one', async () => {
    await putRaw('raw/profile/batch-1.csv.gz', PROFILE_CSV);
    const { record } = await registerRawObject(store, ledger, 'raw/profile/batch-1.csv.gz');
    const first = await processRawObject({ store, ledger, maskingKey: MASKING_KEY }, { recordId: record.recordId, owner: 'a', computeTarget: 'local' });
    const bytes = await readAll(first.outputKeys![0]!);
    await ledger.reprocess(record.recordId);
    const second = await processRawObject({ store, ledger, maskingKey: MASKING_KEY }, { recordId: record.recordId, owner: 'b', computeTarget: 'local' });
    expect(second.outputKeys).toEqual(first.outputKeys);
    expect((await readAll(second.outputKeys![0]!)).equals(bytes)).toBe(true);
    const bronze: string[] = [];
    for await (const o of store.listAll('bronze/')) bronze.push(o.key);
    expect(bronze).toEqual(first.outputKeys);
  });

  it('fails the record with the reason on a broken file, keeps the raw object, and gives up after the cap', async () => {
    tableCount += 1;
    const quickRetry = await openLedger({ ...server, tableName: `ledger-${tableCount}`, backoff: { baseMs: 1, capMs: 1 } });
    try {
      await putRaw('raw/profile/broken.csv.gz', 'profile_id,name\n1,x\n');
      const { record } = await registerRawObject(store, quickRetry, 'raw/profile/broken.csv.gz');
      const attempt = async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return processRawObject({ store, ledger: quickRetry, maskingKey: MASKING_KEY }, { recordId: record.recordId, owner: 'w', computeTarget: 'local' });
      };
      await expect(attempt()).rejects.toThrow(BronzeWorkFailedError);
      const failed = await quickRetry.get(record.recordId);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
      expect(failed?.lastError?.message).toMatch(/header/i);
      await expect(attempt()).rejects.toThrow(BronzeWorkFailedError);
      await expect(attempt()).rejects.toThrow(BronzeWorkFailedError);
      expect(await quickRetry.get(record.recordId)).toMatchObject({ status: 'dead', attempts: 3 });
      expect(await store.head('raw/profile/broken.csv.gz')).toBeDefined();
      const bronze: string[] = [];
      for await (const o of store.listAll('bronze/')) bronze.push(o.key);
      expect(bronze).toEqual([]);
      expect(await quickRetry.reprocess(record.recordId)).toMatchObject({ status: 'pending', attempts: 0 });
    } finally {
      quickRetry.close();
    }
  });
});
