import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlLedger } from './control-ledger.js';
import { LedgerInputError } from './errors.js';
import type { LedgerPage, LedgerRecord } from '@datamaster/lake-contract';
import { rawObject, startTestDynamo, testClock, type TestClock, type TestDynamo } from './test-helpers.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

/** Registers `count` objects one second apart; returns their ids in registration order. */
async function registerMany(ledger: ControlLedger, clock: TestClock, count: number, overrides: Parameters<typeof rawObject>[0] = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    clock.advance(1_000);
    const { record } = await ledger.register(rawObject({ objectKey: `raw/review/part-${String(i).padStart(4, '0')}.csv.gz`, ...overrides }));
    ids.push(record.recordId);
  }
  return ids;
}

async function allPages(next: (cursor?: string) => Promise<LedgerPage>): Promise<LedgerRecord[][]> {
  const pages: LedgerRecord[][] = [];
  let cursor: string | undefined;
  do {
    const page = await next(cursor);
    pages.push([...page.records]);
    cursor = page.cursor;
  } while (cursor !== undefined && pages.length < 100);
  return pages;
}

describe('list', () => {
  it('listAll gives what paging through list gives, in one array, and filters by status', async () => {
    const clock = testClock();
    const ledger = await dynamo.newLedger({ clock });
    const ids = await registerMany(ledger, clock, 12);
    await registerMany(ledger, clock, 3, { table: 'beer', etag: 'beefbeefbeefbeefbeefbeefbeefbeef' });

    expect((await ledger.listAll({ table: 'review' })).map((r) => r.recordId)).toEqual([...ids].reverse());
    expect(await ledger.listAll({ table: 'review', status: 'succeeded' })).toEqual([]);
    expect(await ledger.listAll({ table: 'review', status: 'pending' })).toHaveLength(12);
  });

  it('pages through a table, newest registration first, every record exactly once', async () => {
    const clock = testClock();
    const ledger = await dynamo.newLedger({ clock });
    const ids = await registerMany(ledger, clock, 25);

    const pages = await allPages((cursor) => ledger.list({ table: 'review', limit: 10, cursor }));
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(pages.flat().map((r) => r.recordId)).toEqual([...ids].reverse());
    expect((await ledger.list({ table: 'beer' })).records).toEqual([]);
  });

  it('lists one status, and one layer of a table, with full pages', async () => {
    const clock = testClock();
    const ledger = await dynamo.newLedger({ clock });
    const bronze = await registerMany(ledger, clock, 6);
    const silver = await registerMany(ledger, clock, 5, { layer: 'silver', format: 'parquet' });
    for (const id of [bronze[0]!, silver[1]!, silver[2]!]) await ledger.claim(id, { owner: 'w1', leaseMs: 60_000 });

    const running = await ledger.list({ table: 'review', status: 'running' });
    expect(running.records.map((r) => r.recordId).sort()).toEqual([bronze[0], silver[1], silver[2]].sort());

    const silverPending = await allPages((cursor) => ledger.list({ table: 'review', layer: 'silver', status: 'pending', limit: 2, cursor }));
    expect(silverPending.flat().map((r) => r.recordId)).toEqual([silver[4], silver[3], silver[0]]);
    expect(silverPending[0]).toHaveLength(2);

    const silverAll = await allPages((cursor) => ledger.list({ table: 'review', layer: 'silver', limit: 4, cursor }));
    expect(silverAll.flat().map((r) => r.recordId).sort()).toEqual([...silver].sort());
    expect(silverAll[0]).toHaveLength(4);
  });

  it('refuses a cursor it did not issue, or one of another listing', async () => {
    const clock = testClock();
    const ledger = await dynamo.newLedger({ clock });
    await registerMany(ledger, clock, 3);
    const { cursor } = await ledger.list({ table: 'review', limit: 1 });
    expect(cursor).toBeDefined();

    await expect(ledger.list({ table: 'review', cursor: 'bm90IGEgY3Vyc29y' })).rejects.toThrow(/is not a cursor of the control ledger/);
    await expect(ledger.list({ table: 'review', status: 'pending', cursor })).rejects.toBeInstanceOf(LedgerInputError);
    await expect(ledger.list({ table: 'review', limit: 0 })).rejects.toThrow(/limit/);
    expect((await ledger.list({ table: 'review', limit: 5, cursor })).records).toHaveLength(2);
  });
});

describe('listByLayer, listDue and counts', () => {
  it('lists a layer in one status, pages included', async () => {
    const clock = testClock();
    const ledger = await dynamo.newLedger({ clock });
    const ids = await registerMany(ledger, clock, 5);
    await registerMany(ledger, clock, 2, { layer: 'silver', format: 'parquet' });
    await ledger.claim(ids[1]!, { owner: 'w1', leaseMs: 60_000 });

    const pending = await allPages((cursor) => ledger.listByLayer({ layer: 'bronze', status: 'pending', limit: 3, cursor }));
    expect(pending.map((page) => page.length)).toEqual([3, 1]);
    expect(pending.flat().map((r) => r.recordId)).toEqual([ids[4], ids[3], ids[2], ids[0]]);
    expect((await ledger.listByLayer({ layer: 'bronze', status: 'running' })).records.map((r) => r.recordId)).toEqual([ids[1]]);
    expect((await ledger.listByLayer({ layer: 'silver', status: 'pending' })).records).toHaveLength(2);
  });

  it('lists the work that is due: pending, and failed whose next attempt has come, longest waiting first', async () => {
    const clock = testClock();
    const ledger = await dynamo.newLedger({ clock, backoff: { baseMs: 10_000, capMs: 10_000 } });
    const [retried, waiting, running, pending] = await registerMany(ledger, clock, 4);
    for (const id of [retried!, waiting!, running!]) await ledger.claim(id, { owner: 'w1', leaseMs: 60_000 });
    await ledger.fail(retried!, 'w1', { message: 'x' });
    clock.advance(10_000);
    await ledger.fail(waiting!, 'w1', { message: 'x' });

    const due = await ledger.listDue({ layer: 'bronze' });
    expect(due.map((r) => r.recordId)).toEqual([pending, retried]);
    expect((await ledger.listDue({ layer: 'bronze', limit: 1 })).map((r) => r.recordId)).toEqual([pending]);
    expect((await ledger.listDue({ layer: 'bronze', now: new Date(clock.read().getTime() + 10_000) })).map((r) => r.recordId)).toEqual([pending, retried, waiting]);
    expect(await ledger.listDue({ layer: 'silver' })).toEqual([]);
  });

  it('counts records per status, in one layer or all', async () => {
    const clock = testClock();
    const ledger = await dynamo.newLedger({ clock });
    const bronze = await registerMany(ledger, clock, 4);
    await registerMany(ledger, clock, 3, { layer: 'gold', format: 'parquet' });
    await ledger.claim(bronze[0]!, { owner: 'w1', leaseMs: 60_000 });
    await ledger.fail(bronze[0]!, 'w1', { message: 'x' });

    expect(await ledger.counts()).toEqual({ pending: 6, running: 0, succeeded: 0, failed: 1, dead: 0 });
    expect(await ledger.counts({ layer: 'bronze' })).toEqual({ pending: 3, running: 0, succeeded: 0, failed: 1, dead: 0 });
    expect(await ledger.counts({ layer: 'gold' })).toEqual({ pending: 3, running: 0, succeeded: 0, failed: 0, dead: 0 });
  });
});
