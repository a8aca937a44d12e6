import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocatedRecord } from '../router/located-record.js';
import { failureLine, routeChange, type FailedChange } from '../router/route-change.js';
import { ManualClock, MemorySink } from '../testing/doubles.js';
import { DeliveryStreamClosedError, FAILURES_LISTED, InvalidDeliveryOptionError, type DeliveryFlush, type LocalDeliveryStreamOptions } from './delivery-options.js';
import { LocalDeliveryStream } from './local-delivery-stream.js';
import { jsonFileSequenceStore } from './sequence-store.js';

const START = Date.UTC(2026, 10, 26, 3, 4, 5, 678);
const metadata = { timestamp: '2026-11-26T03:04:05.000001Z', 'record-type': 'data', 'partition-key-type': 'schema-table', 'schema-name': 'dm_core' };

function review(id: number, operation = 'insert') {
  return {
    data: { review_id: id, brewery_id: 1, beer_id: 2, profile_id: 3, review_overall: 4, review_time: 1_700_000_000 },
    metadata: { ...metadata, operation, 'table-name': 'review', 'transaction-id': 900 + id, 'stream-position': `0/${(0x1000 + id).toString(16)}` },
  };
}
const fullLoadBrewery = (id: number) => ({ data: { brewery_id: id, brewery_name: `Brewery ${id}` }, metadata: { ...metadata, operation: 'load', 'table-name': 'brewery' } });
const lineBytes = (record: unknown) => Buffer.byteLength((routeChange(record, { fallbackSeq: 0n }) as { line: string }).line);
const tagOf = (streamId: string) => createHash('sha256').update(streamId).digest('hex').slice(0, 8);

describe('LocalDeliveryStream', () => {
  let sink: MemorySink;
  let clock: ManualClock;
  let flushes: DeliveryFlush[];
  const open = (options: Partial<LocalDeliveryStreamOptions> = {}) =>
    LocalDeliveryStream.open({ sink, clock, streamId: 'test', onFlush: (flush) => flushes.push(flush), ...options });

  beforeEach(() => {
    sink = new MemorySink();
    clock = new ManualClock(START);
    flushes = [];
  });

  it('buffers records until a buffer is full or old', async () => {
    const stream = await open();
    expect(await stream.put([review(1), review(2), fullLoadBrewery(1)])).toEqual([]);
    expect(sink.objects.size).toBe(0);
    expect(stream.stats).toEqual({ recordsIn: 3, routed: 3, failed: 0, objectsWritten: 0, failures: [] });
  });

  it('writes a table once its NDJSON reaches bufferBytes, records in arrival order', async () => {
    const stream = await open({ bufferBytes: 3 * lineBytes(review(1)) });
    const keys = await stream.put([1, 2, 3, 4, 5, 6, 7].map((id) => review(id)));
    expect(keys).toHaveLength(2);
    expect(keys.map((key) => sink.lines(key).map((line) => line.review_id))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const [rest] = await stream.flush();
    expect(sink.lines(rest!).map((line) => line.review_id)).toEqual([7]);
    expect(flushes.map((flush) => flush.trigger)).toEqual(['size', 'flush']);
  });

  it('writes a buffer bufferIntervalMs after its first record, each table on its own timer', async () => {
    const stream = await open({ bufferIntervalMs: 10_000 });
    await stream.put([review(1)]);
    clock.advance(5_000);
    await stream.put([review(2), fullLoadBrewery(1)]);
    clock.advance(4_999);
    expect(sink.objects.size).toBe(0);
    clock.advance(1);
    // put() waits for writes in progress, here the one the timer started.
    await stream.put([]);
    expect(sink.keysUnder('raw/review/')).toHaveLength(1);
    expect(sink.lines(sink.keysUnder('raw/review/')[0]!).map((line) => line.review_id)).toEqual([1, 2]);
    expect(sink.keysUnder('raw/brewery/')).toHaveLength(0);
    clock.advance(5_000);
    await stream.put([]);
    expect(sink.keysUnder('raw/brewery/')).toHaveLength(1);
    expect(flushes.map((flush) => flush.trigger)).toEqual(['interval', 'interval']);
    await stream.close();
  });

  it('names objects from the clock, the stream id and the first record\'s sequence number', async () => {
    const keys = await (await open()).close();
    expect(keys).toEqual([]);
    const first = await open();
    await first.put([review(1), fullLoadBrewery(1), review(2)]);
    const named = await first.close();
    expect(named).toEqual([
      `raw/review/dm-delivery-2026-11-26-03-04-05-${tagOf('test')}-0.ndjson.gz`,
      `raw/brewery/dm-delivery-2026-11-26-03-04-05-${tagOf('test')}-1.ndjson.gz`,
    ]);
    const again = await open();
    await again.put([review(1), fullLoadBrewery(1), review(2)]);
    expect(await again.close()).toEqual(named);
    const other = await open({ streamId: 'other' });
    await other.put([review(1)]);
    expect(await other.close()).toEqual([`raw/review/dm-delivery-2026-11-26-03-04-05-${tagOf('other')}-0.ndjson.gz`]);
  });

  it('writes gzip NDJSON objects with the raw-object metadata', async () => {
    const stream = await open();
    await stream.put([review(1), review(2, 'update')]);
    const [key] = await stream.close();
    const object = sink.objects.get(key!)!;
    expect(object.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(object.contentType).toBe('application/x-ndjson');
    expect(object.metadata).toEqual({ format: 'ndjson', table: 'review', source: 'cdc' });
    expect(sink.lines(key!)).toEqual([
      expect.objectContaining({ review_id: 1, op: 'insert', change_txn_id: 901, change_seq: 0x1001 }),
      expect.objectContaining({ review_id: 2, op: 'update', change_txn_id: 902, change_seq: 0x1002 }),
    ]);
  });

  it('writes records it cannot route under the processing-failed prefix as { reason, record }, never dropping them', async () => {
    const stream = await open();
    const unknownTable = { ...review(3), metadata: { ...review(3).metadata, 'table-name': 'review_comment' } };
    await stream.put(['{"data":', review(1), unknownTable]);
    const keys = await stream.close();
    const failedKey = `errors/processing-failed/2026/11/26/dm-delivery-2026-11-26-03-04-05-${tagOf('test')}-0.ndjson.gz`;
    expect(keys).toContain(failedKey);
    expect(sink.objects.get(failedKey)?.metadata).toEqual({ format: 'ndjson', source: 'cdc', error: 'processing-failed' });
    expect(sink.lines(failedKey)).toEqual([
      { reason: expect.stringMatching(/^malformed JSON/), record: '{"data":' },
      { reason: expect.stringContaining('table dm_core.review_comment is not in the lake manifest'), table: 'dm_core.review_comment', record: unknownTable },
    ]);
    expect(stream.stats).toMatchObject({ recordsIn: 3, routed: 1, failed: 2, objectsWritten: 2 });
    expect(stream.stats.failures).toEqual([
      { problem: expect.stringMatching(/^malformed JSON/), reason: expect.stringMatching(/^malformed JSON/), objectKey: failedKey },
      {
        table: 'dm_core.review_comment',
        problem: expect.stringMatching(/^table dm_core.review_comment is not in the lake manifest/),
        reason: expect.stringMatching(/^table dm_core.review_comment is not in the lake manifest/),
        objectKey: failedKey,
      },
    ]);
  });

  it(`lists the first ${FAILURES_LISTED} failures once written, and counts the rest`, async () => {
    // Lines 10 to 22: failure lines of one size, so that the buffer fills after exactly 7.
    const bad = Array.from({ length: FAILURES_LISTED + 3 }, (_, i) => new LocatedRecord(`bad.jsonl line ${i + 10}`, `bad ${i + 10}`, i + 10));
    const stream = await open({ bufferBytes: 7 * Buffer.byteLength(failureLine(routeChange(bad[0], { fallbackSeq: 0n }) as FailedChange)) });
    const [full, ...none] = await stream.put(bad);
    expect(none).toEqual([]);
    expect(stream.stats.failures.map((failure) => failure.line)).toEqual([10, 11, 12, 13, 14, 15, 16]);
    const [rest] = await stream.close();
    const { failed, failures } = stream.stats;
    expect(failed).toBe(FAILURES_LISTED + 3);
    expect(failures.map((failure) => failure.line)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(failures.map((failure) => failure.objectKey)).toEqual([...Array(7).fill(full), ...Array(3).fill(rest)]);
    expect(failures[9]).toEqual({ line: 19, problem: expect.stringMatching(/^malformed JSON/), reason: expect.stringMatching(/^bad\.jsonl line 19: malformed JSON/), objectKey: rest });
    expect(sink.lines(rest!)).toHaveLength(6);
  });

  it('lists a failure with the object it was finally written to, after a failed write', async () => {
    const stream = await open();
    await stream.put(['not json']);
    sink.failures = 1;
    await expect(stream.flush()).rejects.toThrow('sink unavailable');
    expect(stream.stats.failures).toEqual([]);
    clock.advance(5_000);
    await stream.put(['still not json']);
    const [key] = await stream.close();
    expect(sink.lines(key!).map((line) => line.record)).toEqual(['not json', 'still not json']);
    expect(stream.stats.failures.map((failure) => [failure.problem.slice(0, 14), failure.objectKey])).toEqual([
      ['malformed JSON', key],
      ['malformed JSON', key],
    ]);
  });

  it('writes control records under raw/_control/', async () => {
    const stream = await open();
    await stream.put([{ metadata: { ...metadata, 'record-type': 'control', operation: 'add-column', 'table-name': 'review' } }]);
    const [key] = await stream.close();
    expect(key).toMatch(/^raw\/_control\/dm-delivery-/);
    expect(sink.lines(key!)).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ operation: 'add-column' }), change_ts: '2026-11-26T03:04:05.000001Z' })]);
  });

  it('stops its timers on close and takes no records after it', async () => {
    const stream = await open();
    await stream.put([review(1), fullLoadBrewery(1)]);
    expect(clock.pendingTimers).toBe(2);
    expect(await stream.close()).toHaveLength(2);
    expect(clock.pendingTimers).toBe(0);
    expect(await stream.close()).toEqual([]);
    await expect(stream.put([review(2)])).rejects.toThrow(DeliveryStreamClosedError);
  });

  it('keeps records whose write failed and writes them later under the same key', async () => {
    const stream = await open({ bufferBytes: 2 * lineBytes(review(1)) });
    sink.failures = 1;
    await expect(stream.put([review(1), review(2), review(3)])).rejects.toThrow('sink unavailable');
    expect(sink.objects.size).toBe(0);
    const keys = await stream.flush();
    expect(keys).toEqual([`raw/review/dm-delivery-2026-11-26-03-04-05-${tagOf('test')}-0.ndjson.gz`]);
    expect(sink.lines(keys[0]!).map((line) => line.review_id)).toEqual([1, 2, 3]);
  });

  it('reports a failed interval flush at the next put, and writes the records at the next flush', async () => {
    const stream = await open({ bufferIntervalMs: 1_000 });
    await stream.put([review(1)]);
    sink.failures = 1;
    clock.advance(1_000);
    await expect(stream.put([review(2)])).rejects.toThrow('sink unavailable');
    await stream.put([review(3)]);
    const [key] = await stream.flush();
    expect(sink.lines(key!).map((line) => line.review_id)).toEqual([1, 3]);
  });

  it('retries at flush() the records of an interval write that is failing right then', async () => {
    const stream = await open({ bufferIntervalMs: 1_000 });
    await stream.put([review(1)]);
    sink.failures = 1;
    clock.advance(1_000);
    const [key] = await stream.close();
    expect(sink.lines(key!).map((line) => line.review_id)).toEqual([1]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('reports each flush with the keys written and running totals', async () => {
    const stream = await open({ bufferBytes: lineBytes(review(1)) });
    await stream.put([review(1), 'not json']);
    await stream.close();
    expect(flushes).toEqual([
      { trigger: 'size', keys: [expect.stringMatching(/^raw\/review\//)], totals: { recordsIn: 2, routed: 1, failed: 1, objectsWritten: 1, failures: [] } },
      {
        trigger: 'flush',
        keys: [expect.stringMatching(/^errors\/processing-failed\//)],
        totals: { recordsIn: 2, routed: 1, failed: 1, objectsWritten: 2, failures: [expect.objectContaining({ reason: expect.stringMatching(/^malformed JSON/) })] },
      },
    ]);
  });

  it('refuses options out of their domain', async () => {
    await expect(open({ bufferBytes: 0 })).rejects.toThrow(InvalidDeliveryOptionError);
    await expect(open({ bufferBytes: 1.5 })).rejects.toThrow('bufferBytes=1.5');
    await expect(open({ bufferIntervalMs: -1 })).rejects.toThrow('bufferIntervalMs=-1');
    await expect(open({ streamId: '' })).rejects.toThrow('streamId=""');
  });

  describe('with a sequence file', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cdc-sequence-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('numbers records across restarts: change_seq of LSN-less records and object names keep rising', async () => {
      const sequence = jsonFileSequenceStore(join(dir, 'delivery.json'));
      const first = await open({ sequence });
      await first.put([fullLoadBrewery(1), fullLoadBrewery(2)]);
      const [firstKey] = await first.close();
      const second = await open({ sequence });
      await second.put([fullLoadBrewery(3)]);
      const [secondKey] = await second.close();
      expect(secondKey).not.toBe(firstKey);
      expect(secondKey).toMatch(/-2\.ndjson\.gz$/);
      expect([...sink.lines(firstKey!), ...sink.lines(secondKey!)].map((line) => line.change_seq)).toEqual([0, 1, 2]);
    });
  });
});
