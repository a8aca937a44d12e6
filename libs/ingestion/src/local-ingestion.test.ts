import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { holderGone, openLedger, thisProcess, type ControlLedger } from '@datamaster/control-ledger';
import { hostname } from 'node:os';
import { startEmbeddedDynamo, type EmbeddedServer } from '@datamaster/embedded-services';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalIngestion } from './local-ingestion.js';
import { processRawObject } from './process-raw-object.js';
import { registerRawObject } from './register-raw-object.js';

const maskingKey = Buffer.alloc(32, 3);
let server: EmbeddedServer;
let dir: string;
let store: ObjectStore;
let ledger: ControlLedger;
let n = 0;

beforeAll(async () => {
  server = await startEmbeddedDynamo();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'local-ingestion-'));
  store = openObjectStore(join(dir, 'lake'));
  n += 1;
  ledger = await openLedger({ ...server, tableName: `local-ingestion-${n}`, backoff: { baseMs: 1, capMs: 1 } });
  return async () => {
    ledger.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
});

function profiles(count: number): Buffer {
  const lines = ['profile_id,profile_name,email,state'];
  for (let i = 1; i <= count; i++) lines.push(`${i},user${i},user${i}@example.com,CA`);
  return gzipSync(`${lines.join('\n')}\n`);
}

const batch = { format: 'csv', table: 'profile', source: 'batch', 'extracted-at': '2026-01-01T00:00:00.000Z' };

describe('local ingestion', () => {
  it('ingests a small raw object on its ObjectCreated event through the Lambda path', async () => {
    const ingestion = new LocalIngestion({ store, ledger, maskingKey });
    ingestion.start();
    await store.put('raw/profile/small.csv.gz', profiles(10), { metadata: batch });
    await store.put('raw/profile/small.csv.gz', profiles(10), { metadata: batch }); // a re-delivered event
    await ingestion.stop();
    const { records } = await ledger.list({ table: 'profile', layer: 'bronze' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'succeeded', computeTarget: 'lambda', rowsOut: 10, attempts: 1 });
    expect(records[0]!.executionId).toMatch(new RegExp(`^arn:aws:states:local:000000000000:execution:datamaster-ingestion:${records[0]!.recordId}-attempt-1-[0-9a-f]{8}$`));
  });

  it('sends an object estimated above 100,000 records to the ECS task and waits for it', async () => {
    const tasks: string[] = [];
    const ingestion = new LocalIngestion({
      store,
      ledger,
      maskingKey,
      runEcsTask: async ({ recordId, executionId }) => {
        tasks.push(recordId);
        await processRawObject({ store, ledger, maskingKey }, { recordId, owner: executionId, computeTarget: 'ecs', executionId });
      },
    });
    await store.put('raw/profile/large.csv.gz', profiles(100_500), { metadata: batch });
    const record = await ingestion.ingestKey('raw/profile/large.csv.gz');
    expect(tasks).toEqual([record.recordId]);
    expect(record).toMatchObject({ status: 'succeeded', computeTarget: 'ecs', rowsOut: 100_500 });
    expect(record.estimatedRecords).toBeGreaterThan(100_000);
  });

  it('records the failure of a task that died without recording it, and retries it later', async () => {
    let crashes = 1;
    const ingestion = new LocalIngestion({
      store,
      ledger,
      maskingKey,
      runEcsTask: async ({ recordId, executionId }) => {
        if (crashes-- > 0) {
          await ledger.claim(recordId, { owner: executionId, leaseMs: 60_000 });
          throw Object.assign(new Error('container exited with code 137'), { name: 'States.TaskFailed' });
        }
        await processRawObject({ store, ledger, maskingKey }, { recordId, owner: executionId, computeTarget: 'ecs', executionId });
      },
    });
    await store.put('raw/profile/large.csv.gz', profiles(100_500), { metadata: batch });
    const failed = await ingestion.ingestKey('raw/profile/large.csv.gz');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError?.message).toBe('States.TaskFailed: container exited with code 137');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const [retried] = await ingestion.drain();
    expect(retried).toMatchObject({ status: 'succeeded', attempts: 2, rowsOut: 100_500 });
  });

  it('waits for the outcome of another execution that runs the same object, instead of failing it', async () => {
    await store.put('raw/profile/twice.csv.gz', profiles(5), { metadata: batch });
    const { recordId } = (await registerRawObject(store, ledger, 'raw/profile/twice.csv.gz')).record;
    // Another command's execution (another process) holds the record.
    await ledger.claim(recordId, { owner: 'other-execution', leaseMs: 60_000, computeTarget: 'lambda' });
    const waited = new LocalIngestion({ store, ledger, maskingKey }).ingestKey('raw/profile/twice.csv.gz');
    let settled = false;
    void waited.finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(settled).toBe(false);
    const outcome = { rowsIn: 5, rowsOut: 5, rowsQuarantined: 0, bytesIn: 1, bytesOut: 1, checksum: 'a'.repeat(64), outputKeys: ['bronze/x.parquet'] };
    await ledger.succeed(recordId, 'other-execution', outcome);
    expect(await waited).toMatchObject({ recordId, status: 'succeeded', attempts: 1, rowsOut: 5 });
  });

  it('ends two ingestions of one object at the same time with its one outcome', async () => {
    await store.put('raw/profile/together.csv.gz', profiles(5), { metadata: batch });
    const [first, second] = await Promise.all([
      new LocalIngestion({ store, ledger, maskingKey }).ingestKey('raw/profile/together.csv.gz'),
      new LocalIngestion({ store, ledger, maskingKey }).ingestKey('raw/profile/together.csv.gz'),
    ]);
    expect(first).toMatchObject({ status: 'succeeded', attempts: 1, rowsOut: 5 });
    expect(second).toEqual(first);
  });

  it('recovers a worker killed mid-run once its lease expires, and the retry succeeds', async () => {
    await store.put('raw/profile/killed.csv.gz', profiles(5), { metadata: batch });
    const ingestion = new LocalIngestion({ store, ledger, maskingKey });
    const { recordId } = (await registerRawObject(store, ledger, 'raw/profile/killed.csv.gz')).record;
    await ledger.claim(recordId, { owner: 'worker-that-was-killed', leaseMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    const ran = await ingestion.drain();
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ recordId, status: 'succeeded', attempts: 2 });
    expect(ran[0]!.lastError?.message).toMatch(/lease expired/);
  });

  it('runs again at once a record whose worker process died mid-conversion, instead of waiting out its lease', async () => {
    await store.put('raw/profile/orphaned.csv.gz', profiles(5), { metadata: batch });
    const { record } = await registerRawObject(store, ledger, 'raw/profile/orphaned.csv.gz');
    // A worker on this host claimed it, then its process went away (no process has this pid).
    const dead = { host: hostname(), pid: 2 ** 22 + 11, started: '1' };
    await ledger.claim(record.recordId, { owner: 'dead-execution', leaseMs: 300_000, holder: dead });
    const ingestion = new LocalIngestion({ store, ledger, maskingKey, holder: thisProcess(), holderGone });
    const again = await ingestion.ingestKey('raw/profile/orphaned.csv.gz');
    expect(again).toMatchObject({ status: 'succeeded', rowsOut: 5, attempts: 2, lastError: { message: expect.stringContaining('lease holder gone') } });
    // A live holder's lease is left alone: its outcome is awaited (here until its short lease runs out).
    await store.put('raw/profile/held.csv.gz', profiles(3), { metadata: batch });
    const held = (await registerRawObject(store, ledger, 'raw/profile/held.csv.gz')).record;
    await ledger.claim(held.recordId, { owner: 'live-execution', leaseMs: 1_500, holder: thisProcess() });
    expect(await ingestion.ingestKey('raw/profile/held.csv.gz')).toMatchObject({ status: 'running', leaseOwner: 'live-execution' });
  });
});
