import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LocatedRecord } from '../router/located-record.js';
import { ManualClock, MemorySink } from '../testing/doubles.js';
import { UnreadableErrorObjectError, readDeliveryErrors } from './delivery-errors.js';
import { LocalDeliveryStream } from './local-delivery-stream.js';

const START = Date.UTC(2026, 10, 26, 3, 4, 5);
const unknownTable = (id: number) => ({
  data: { review_comment_id: id },
  metadata: { timestamp: '2026-11-26T03:04:05Z', 'record-type': 'data', operation: 'insert', 'partition-key-type': 'schema-table', 'schema-name': 'dm_core', 'table-name': 'review_comment' },
});

describe('readDeliveryErrors', () => {
  it('counts the records under errors/ per error kind and per table, and keeps the newest few with their reasons', async () => {
    const clock = new ManualClock(START);
    const sink = new MemorySink(() => clock.now());
    const stream = await LocalDeliveryStream.open({ sink, clock, streamId: 'errors-test' });
    await stream.put([new LocatedRecord('a.jsonl line 1', unknownTable(1), 1), new LocatedRecord('a.jsonl line 2', 'not json', 2)]);
    await stream.flush();
    clock.advance(60_000);
    await stream.put([new LocatedRecord('b.jsonl line 1', unknownTable(2), 1), new LocatedRecord('b.jsonl line 2', unknownTable(3), 2)]);
    await stream.close();
    const [older, newer] = sink.keysUnder('errors/processing-failed/').sort();

    const summary = await readDeliveryErrors(sink, { newest: 3 });
    expect(summary).toMatchObject({ prefix: 'errors/', objects: 2, records: 4 });
    expect(summary.outputs).toEqual([{ prefix: 'errors/processing-failed/', objects: 2, records: 4 }]);
    expect(summary.tables).toEqual([{ table: 'dm_core.review_comment', records: 3 }, { records: 1 }]);
    expect(summary.newest).toEqual([
      { objectKey: newer, storedAt: new Date(START + 60_000).toISOString(), table: 'dm_core.review_comment', reason: expect.stringMatching(/^b\.jsonl line 2: table dm_core\.review_comment is not in the lake manifest/) },
      { objectKey: newer, storedAt: new Date(START + 60_000).toISOString(), table: 'dm_core.review_comment', reason: expect.stringMatching(/^b\.jsonl line 1: /) },
      { objectKey: older, storedAt: new Date(START).toISOString(), reason: expect.stringMatching(/^a\.jsonl line 2: malformed JSON/) },
    ]);
  });

  it('reports nothing when no change failed', async () => {
    expect(await readDeliveryErrors(new MemorySink(), { newest: 5 })).toEqual({ prefix: 'errors/', objects: 0, records: 0, outputs: [], tables: [], newest: [] });
  });

  it('counts a line without a stored reason, and names an object that is not gzip NDJSON', async () => {
    const sink = new MemorySink();
    await sink.put('errors/other-failed/x.ndjson.gz', gzipSync('{"rawData":"e30="}\n'), {});
    expect((await readDeliveryErrors(sink, { newest: 5 })).newest).toEqual([{ objectKey: 'errors/other-failed/x.ndjson.gz', storedAt: expect.any(String) }]);
    await sink.put('errors/other-failed/y.ndjson.gz', Buffer.from('plain'), {});
    const failure = readDeliveryErrors(sink, { newest: 5 });
    await expect(failure).rejects.toThrow(UnreadableErrorObjectError);
    await expect(failure).rejects.toThrow('The error object errors/other-failed/y.ndjson.gz cannot be read');
  });
});
