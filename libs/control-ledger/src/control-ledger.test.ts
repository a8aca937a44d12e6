import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlLedger } from './control-ledger.js';
import { LedgerConflictError } from '@datamaster/lake-contract';
import { LedgerInputError, LedgerRecordNotFoundError } from './errors.js';
import type { RunOutcome } from '@datamaster/lake-contract';
import { rawObject, SHA256_OF_EMPTY, startTestDynamo, testClock, type TestDynamo } from './test-helpers.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

const outcome: RunOutcome = {
  rowsIn: 500,
  rowsOut: 498,
  rowsQuarantined: 2,
  bytesIn: 1_024,
  bytesOut: 2_048,
  checksum: SHA256_OF_EMPTY,
  outputKeys: ['bronze/review/ingest_date=2030-01-01/part-0001.parquet'],
  quarantineKey: 'quarantine/review/part-0001.ndjson',
  attributes: { months: '2029-12,2030-01' },
};

describe('register', () => {
  it('keeps one record per object version: the second registration returns it with created false', async () => {
    const ledger = await dynamo.newLedger();
    const first = await ledger.register(rawObject());
    const again = await ledger.register(rawObject({ etag: `"${rawObject().etag}"`, objectSize: 999 }));

    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({ status: 'pending', attempts: 0, maxAttempts: 3, version: 1, attributes: {} });
    expect(again).toEqual({ record: first.record, created: false });
    expect(await ledger.get(first.record.recordId)).toEqual(first.record);
    expect(await ledger.findByObject('bronze', rawObject().objectKey, rawObject().etag)).toEqual(first.record);
    expect((await ledger.counts()).pending).toBe(1);
  });

  it('gives a new ETag of the same key (a new object version) its own record', async () => {
    const ledger = await dynamo.newLedger();
    const first = await ledger.register(rawObject());
    const second = await ledger.register(rawObject({ etag: 'a-new-version' }));

    expect(second.created).toBe(true);
    expect(second.record.recordId).not.toBe(first.record.recordId);
    expect((await ledger.list({ table: 'review' })).records.map((r) => r.etag).sort()).toEqual(['9b2cf535f27731c974343645a3985328', 'a-new-version']);
  });

  it('refuses bad input naming every bad field, and writes nothing', async () => {
    const ledger = await dynamo.newLedger();
    const bad = { ...rawObject(), layer: 'raw', objectSize: -1, format: 'xml', table: ' ' } as unknown as Parameters<typeof ledger.register>[0];

    const error = await ledger.register(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerInputError);
    expect((error as LedgerInputError).problems.map((p) => p.split(':')[0])).toEqual(['layer', 'table', 'objectSize', 'format']);
    expect(Object.values(await ledger.counts()).every((n) => n === 0)).toBe(true);
  });
});

describe('the happy path', () => {
  it('runs pending → running → succeeded, keeping the outcome, the timings and the counts', async () => {
    const clock = testClock();
    const ledger = await dynamo.newLedger({ clock });
    const { record } = await ledger.register(rawObject());

    const running = await ledger.claim(record.recordId, { owner: 'w1', leaseMs: 60_000, computeTarget: 'lambda', executionId: 'exec-1' });
    expect(running).toMatchObject({ status: 'running', attempts: 1, leaseOwner: 'w1', version: 2, computeTarget: 'lambda', executionId: 'exec-1' });
    expect(running.leaseExpiresAt).toBe('2030-01-01T00:01:00.000Z');
    expect(await ledger.counts({ layer: 'bronze' })).toEqual({ pending: 0, running: 1, succeeded: 0, failed: 0, dead: 0 });

    clock.advance(30_000);
    expect((await ledger.heartbeat(record.recordId, 'w1', 60_000)).leaseExpiresAt).toBe('2030-01-01T00:01:30.000Z');

    clock.advance(15_000);
    const done = await ledger.succeed(record.recordId, 'w1', outcome);
    const { attributes: _attributes, ...results } = outcome;
    expect(done).toMatchObject({ ...results, status: 'succeeded', attempts: 1, version: 4, attributes: { months: '2029-12,2030-01' } });
    expect(done).toMatchObject({ startedAt: '2030-01-01T00:00:00.000Z', finishedAt: '2030-01-01T00:00:45.000Z', durationMs: 45_000 });
    expect(done.leaseOwner).toBeUndefined();
    expect(done.leaseExpiresAt).toBeUndefined();
    expect(await ledger.get(record.recordId)).toEqual(done);
    expect(JSON.parse(JSON.stringify(done))).toEqual(done);

    expect(await ledger.counts()).toEqual({ pending: 0, running: 0, succeeded: 1, failed: 0, dead: 0 });
    expect(await ledger.counts({ layer: 'silver' })).toEqual({ pending: 0, running: 0, succeeded: 0, failed: 0, dead: 0 });
  });
});

describe('conditional transitions', () => {
  it('lets only the lease owner record the outcome or extend the lease', async () => {
    const ledger = await dynamo.newLedger();
    const { record } = await ledger.register(rawObject());
    const running = await ledger.claim(record.recordId, { owner: 'w1', leaseMs: 60_000 });

    const error = await ledger.succeed(record.recordId, 'w2', outcome).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerConflictError);
    expect(error).toMatchObject({ recordId: record.recordId, operation: 'succeed', expectedStatus: ['running'], actualStatus: 'running' });
    expect((error as Error).message).toContain('leased by w1, not w2');
    await expect(ledger.heartbeat(record.recordId, 'w2', 60_000)).rejects.toBeInstanceOf(LedgerConflictError);
    expect(await ledger.get(record.recordId)).toEqual(running);
  });

  it('refuses to claim a running record whose lease is live', async () => {
    const ledger = await dynamo.newLedger();
    const { record } = await ledger.register(rawObject());
    await ledger.claim(record.recordId, { owner: 'w1', leaseMs: 60_000 });

    const error = await ledger.claim(record.recordId, { owner: 'w2', leaseMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerConflictError);
    expect(error).toMatchObject({ operation: 'claim', actualStatus: 'running', expectedStatus: ['pending', 'failed', 'running'] });
    expect((error as Error).message).toContain('leased by w1 until 2030-01-01T00:01:00.000Z');
    expect(await ledger.get(record.recordId)).toMatchObject({ leaseOwner: 'w1', attempts: 1 });
  });

  it('lets exactly one of two concurrent claims win', async () => {
    const ledger = await dynamo.newLedger();
    const { record } = await ledger.register(rawObject());

    const results = await Promise.allSettled(['w1', 'w2'].map((owner) => ledger.claim(record.recordId, { owner, leaseMs: 60_000 })));
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(LedgerConflictError);
    expect(await ledger.get(record.recordId)).toMatchObject({ status: 'running', attempts: 1, leaseOwner: won[0]!.leaseOwner, version: 2 });
  });

  it('loses to a write made between its read and its conditional write, changing nothing', async () => {
    const clock = testClock();
    const ledger = await dynamo.newLedger({ clock });
    const { record } = await ledger.register(rawObject());
    await ledger.claim(record.recordId, { owner: 'w1', leaseMs: 1_000 });
    clock.advance(1_000);

    // w1 finishes just as w2 takes over its expired lease: w2's claim lands after w1 read the record.
    const { server } = dynamo;
    const slowClient = new DynamoDBClient({ endpoint: server.endpoint, region: server.region, credentials: server.credentials });
    let interleave: (() => Promise<unknown>) | undefined = () => ledger.claim(record.recordId, { owner: 'w2', leaseMs: 60_000 });
    slowClient.middlewareStack.add(
      (next, context) => async (args) => {
        const write = interleave;
        if (context.commandName === 'UpdateItemCommand' && write !== undefined) {
          interleave = undefined;
          await write();
        }
        return next(args);
      },
      { step: 'initialize' },
    );
    try {
      const w1 = new ControlLedger({ client: slowClient, tableName: ledger.tableName, clock: clock.read });
      const error = await w1.succeed(record.recordId, 'w1', outcome).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerConflictError);
      expect((error as Error).message).toContain('another writer changed it while this call ran (version 2 → 3)');
      const after = await ledger.get(record.recordId);
      expect(after).toMatchObject({ status: 'running', leaseOwner: 'w2', attempts: 2, version: 3 });
      expect(after?.rowsIn).toBeUndefined();
    } finally {
      slowClient.destroy();
    }
  });

  it('refuses to end an attempt that never started', async () => {
    const ledger = await dynamo.newLedger();
    const { record } = await ledger.register(rawObject());
    await expect(ledger.succeed(record.recordId, 'w1', outcome)).rejects.toMatchObject({ name: 'LedgerConflictError', actualStatus: 'pending' });
    await expect(ledger.fail(record.recordId, undefined, new Error('x'))).rejects.toBeInstanceOf(LedgerConflictError);
    expect(await ledger.get(record.recordId)).toEqual(record);
  });

  it('names an unknown record, and checks what workers report', async () => {
    const ledger = await dynamo.newLedger();
    expect(await ledger.get('bronze-0000')).toBeUndefined();
    await expect(ledger.claim('bronze-0000', { owner: 'w1', leaseMs: 1 })).rejects.toThrow(
      new LedgerRecordNotFoundError('bronze-0000', ledger.tableName).message,
    );

    const { record } = await ledger.register(rawObject());
    await ledger.claim(record.recordId, { owner: 'w1', leaseMs: 60_000 });
    await expect(ledger.succeed(record.recordId, 'w1', { ...outcome, checksum: 'abc', rowsOut: 1.5 })).rejects.toThrow(/rowsOut.*checksum: must be a SHA-256 digest .* or an object ETag/);
    await expect(ledger.claim(record.recordId, { owner: '', leaseMs: 0 })).rejects.toBeInstanceOf(LedgerInputError);
  });
});
