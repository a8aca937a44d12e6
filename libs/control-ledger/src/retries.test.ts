import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerAttemptsExhaustedError, LedgerConflictError } from '@datamaster/lake-contract';
import { MAX_ERROR_BYTES } from '@datamaster/lake-contract';
import { rawObject, startTestDynamo, testClock, type TestDynamo } from './test-helpers.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

const backoff = { baseMs: 1_000, capMs: 60_000 };
const lease = { leaseMs: 10_000 };

async function setup(registration = rawObject()) {
  const clock = testClock();
  const ledger = await dynamo.newLedger({ clock, backoff });
  const { record } = await ledger.register(registration);
  return { clock, ledger, id: record.recordId };
}

describe('failure and backoff', () => {
  it('retries after an exponential backoff, goes dead on the last attempt, and is re-driven by reprocess', async () => {
    const { clock, ledger, id } = await setup();

    await ledger.claim(id, { owner: 'w1', ...lease });
    const failed = await ledger.fail(id, 'w1', new Error('boom 1'));
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: '2030-01-01T00:00:01.000Z' });
    expect(failed.lastError).toEqual({ message: 'boom 1', at: '2030-01-01T00:00:00.000Z', attempt: 1 });
    expect(failed.leaseOwner).toBeUndefined();

    clock.advance(999);
    const early = await ledger.claim(id, { owner: 'w2', ...lease }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(LedgerConflictError);
    expect((early as Error).message).toContain('next attempt is due at 2030-01-01T00:00:01.000Z');

    clock.advance(1);
    expect(await ledger.claim(id, { owner: 'w2', ...lease })).toMatchObject({ status: 'running', attempts: 2, lastError: { message: 'boom 1' } });
    expect((await ledger.fail(id, 'w2', { message: 'boom 2' })).nextAttemptAt).toBe('2030-01-01T00:00:03.000Z');

    clock.advance(2_000);
    await ledger.claim(id, { owner: 'w3', ...lease });
    const dead = await ledger.fail(id, 'w3', { message: 'boom 3' });
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, lastError: { message: 'boom 3', attempt: 3 } });
    expect(dead.nextAttemptAt).toBeUndefined();
    await expect(ledger.claim(id, { owner: 'w4', ...lease })).rejects.toThrow(/found dead: it is dead; reprocess it first/);

    const redriven = await ledger.reprocess(id);
    expect(redriven).toMatchObject({ status: 'pending', attempts: 0, lastError: { message: 'boom 3', attempt: 3 } });
    expect(await ledger.claim(id, { owner: 'w4', ...lease })).toMatchObject({ status: 'running', attempts: 1 });
  });

  it('lets the orchestrator fail an attempt whose worker died, but not one that already ended', async () => {
    const { ledger, id } = await setup();
    await ledger.claim(id, { owner: 'w1', ...lease });

    expect(await ledger.fail(id, undefined, { message: 'States.Timeout' })).toMatchObject({ status: 'failed', lastError: { message: 'States.Timeout' } });
    await expect(ledger.fail(id, undefined, { message: 'again' })).rejects.toMatchObject({ name: 'LedgerConflictError', actualStatus: 'failed' });
    expect((await ledger.get(id))?.lastError?.message).toBe('States.Timeout');
  });

  it('keeps at most 4 KB of an error message', async () => {
    const { ledger, id } = await setup();
    await ledger.claim(id, { owner: 'w1', ...lease });
    const stored = await ledger.fail(id, 'w1', { message: `line 7: ${'bad row '.repeat(2_000)}` });
    expect(Buffer.byteLength(stored.lastError!.message)).toBeLessThanOrEqual(MAX_ERROR_BYTES);
    expect(stored.lastError!.message).toMatch(/^line 7: bad row .* \[truncated\]$/);
  });

  it('refuses to re-drive work that is waiting or running', async () => {
    const { ledger, id } = await setup();
    await expect(ledger.reprocess(id)).rejects.toThrow(/expected status failed or succeeded or dead, found pending: it is already waiting/);
    await ledger.claim(id, { owner: 'w1', ...lease });
    await expect(ledger.reprocess(id)).rejects.toThrow(/found running: it is being run by w1/);
  });
});

describe('crashed workers', () => {
  it('recovers expired leases as failed attempts, leaving live ones alone', async () => {
    const { clock, ledger, id } = await setup();
    const { record: live } = await ledger.register(rawObject({ objectKey: 'raw/review/live.csv.gz' }));
    await ledger.claim(id, { owner: 'w1', leaseMs: 1_000 });
    await ledger.claim(live.recordId, { owner: 'w2', leaseMs: 60_000 });

    expect(await ledger.recoverExpiredLeases()).toEqual([]);
    clock.advance(1_000);
    const moved = await ledger.recoverExpiredLeases();
    expect(moved.map((r) => r.recordId)).toEqual([id]);
    expect(moved[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: { message: 'lease expired (owner w1)', attempt: 1 }, nextAttemptAt: '2030-01-01T00:00:02.000Z' });
    expect(await ledger.get(id)).toEqual(moved[0]);
    expect(await ledger.get(live.recordId)).toMatchObject({ status: 'running', leaseOwner: 'w2' });
    expect(await ledger.recoverExpiredLeases()).toEqual([]);
  });

  it('recovers an expired lease on the last attempt as dead', async () => {
    const { clock, ledger, id } = await setup(rawObject({ maxAttempts: 1 }));
    await ledger.claim(id, { owner: 'w1', leaseMs: 1_000 });
    clock.advance(5_000);
    expect(await ledger.recoverExpiredLeases()).toMatchObject([{ recordId: id, status: 'dead', lastError: { message: 'lease expired (owner w1)' } }]);
    expect(await ledger.counts()).toMatchObject({ running: 0, dead: 1 });
  });

  it('lets a claim take over an expired lease, counting the crashed attempt, and shuts the old owner out', async () => {
    const { clock, ledger, id } = await setup();
    await ledger.claim(id, { owner: 'w1', leaseMs: 1_000 });
    clock.advance(1_000);

    const taken = await ledger.claim(id, { owner: 'w2', ...lease });
    expect(taken).toMatchObject({ status: 'running', attempts: 2, leaseOwner: 'w2', version: 3, lastError: { message: 'lease expired (owner w1)', attempt: 1 } });
    await expect(ledger.succeed(id, 'w1', { rowsIn: 0, rowsOut: 0, rowsQuarantined: 0, bytesIn: 0, bytesOut: 0, checksum: '0'.repeat(64), outputKeys: [] }))
      .rejects.toThrow(/leased by w2, not w1/);
  });

  it('makes the record dead and says so when the crashed attempt was the last one', async () => {
    const { clock, ledger, id } = await setup(rawObject({ maxAttempts: 1 }));
    await ledger.claim(id, { owner: 'w1', leaseMs: 1_000 });
    clock.advance(1_000);

    const error = await ledger.claim(id, { owner: 'w2', ...lease }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerAttemptsExhaustedError);
    expect(error).toMatchObject({ recordId: id, attempts: 1, maxAttempts: 1 });
    expect((error as Error).message).toContain(`reprocess("${id}")`);
    expect(await ledger.get(id)).toMatchObject({ status: 'dead', lastError: { message: 'lease expired (owner w1)' } });
  });
});

describe('reprocessWhere', () => {
  it('re-drives every dead record, or every re-drivable record of one table, and nothing else', async () => {
    const ledger = await dynamo.newLedger({ clock: testClock(), backoff });
    const register = async (objectKey: string, table = 'review', maxAttempts = 1) =>
      (await ledger.register(rawObject({ objectKey, table, maxAttempts }))).record.recordId;
    const runTo = async (id: string, end: 'dead' | 'succeeded' | 'running') => {
      await ledger.claim(id, { owner: 'w', ...lease });
      if (end === 'dead') await ledger.fail(id, 'w', { message: 'bad file' });
      if (end === 'succeeded') await ledger.succeed(id, 'w', { rowsIn: 1, rowsOut: 1, rowsQuarantined: 0, bytesIn: 1, bytesOut: 1, checksum: 'f'.repeat(64), outputKeys: [] });
    };
    const deadReview = await register('raw/review/1.gz');
    const deadBeer = await register('raw/beer/1.gz', 'beer');
    const doneReview = await register('raw/review/2.gz');
    const runningReview = await register('raw/review/3.gz');
    const pendingReview = await register('raw/review/4.gz');
    await runTo(deadReview, 'dead');
    await runTo(deadBeer, 'dead');
    await runTo(doneReview, 'succeeded');
    await runTo(runningReview, 'running');

    expect(await ledger.reprocessWhere({ status: 'dead' })).toBe(2);
    expect(await ledger.counts()).toEqual({ pending: 3, running: 1, succeeded: 1, failed: 0, dead: 0 });

    await runTo(deadBeer, 'dead');
    expect(await ledger.reprocessWhere({ table: 'review' })).toBe(1);
    const statuses = await Promise.all([deadReview, deadBeer, doneReview, runningReview, pendingReview].map(async (id) => (await ledger.get(id))?.status));
    expect(statuses).toEqual(['pending', 'dead', 'pending', 'running', 'pending']);
  });
});
