import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDeliveryStream } from '../delivery/local-delivery-stream.js';
import { LocatedRecord } from '../router/located-record.js';
import { MemorySink } from '../testing/doubles.js';
import { readReplayFile } from './read-replay-file.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/kinesis-capture.jsonl', import.meta.url));

async function collect(path: string): Promise<LocatedRecord[]> {
  const records: LocatedRecord[] = [];
  for await (const record of readReplayFile(path)) records.push(record);
  return records;
}

describe('readReplayFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cdc-replay-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('yields every non-blank line with its line number: DMS objects, decoded Kinesis data, or the bad line as is', async () => {
    const path = join(dir, 'mixed.jsonl');
    const dms = { data: { brewery_id: 1 }, metadata: { 'table-name': 'brewery' } };
    const kinesis = { SequenceNumber: '4965', ApproximateArrivalTimestamp: 1795662001.512, Data: Buffer.from(JSON.stringify(dms)).toString('base64'), PartitionKey: 'dm_core.brewery' };
    await writeFile(path, `${JSON.stringify(dms)}\n\n${JSON.stringify(kinesis)}\r\n{"data": oops\n`);
    expect(await collect(path)).toEqual([
      new LocatedRecord('mixed.jsonl line 1', dms, 1),
      new LocatedRecord('mixed.jsonl line 3 (Kinesis sequence number 4965)', JSON.stringify(dms), 3),
      new LocatedRecord('mixed.jsonl line 4', '{"data": oops', 4),
    ]);
  });

  it('replays a captured stream through the delivery stream: changes to raw/, schema changes to _control, bad lines to errors with their line numbers', async () => {
    const sink = new MemorySink();
    const stream = await LocalDeliveryStream.open({ sink, streamId: 'replay' });
    for await (const record of readReplayFile(FIXTURE)) await stream.put([record]);
    await stream.close();

    const lines = (prefix: string) => sink.keysUnder(prefix).flatMap((key) => sink.lines(key));
    expect(lines('raw/brewery/')).toEqual([expect.objectContaining({ brewery_id: 5801, op: 'insert', change_txn_id: 48213 })]);
    expect(lines('raw/review/').map((line) => [line.review_id, line.op, line.change_seq])).toEqual([
      [1500001, 'insert', 2 ** 32 + 0x6a3f4e0],
      [1500001, 'update', 2 ** 32 + 0x6a3f6a8],
      [1200345, 'delete', 2 ** 32 + 0x6a40c78],
    ]);
    expect(lines('raw/profile/')).toEqual([expect.objectContaining({ profile_id: 8812, email: 'hannah.okafor@example.net', op: 'update' })]);
    expect(lines('raw/_control/')).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ operation: 'add-column' }) })]);
    expect(lines('errors/processing-failed/').map((line) => line.reason)).toEqual([
      expect.stringMatching(/^kinesis-capture\.jsonl line 6: malformed JSON/),
      expect.stringMatching(/^kinesis-capture\.jsonl line 8: table dm_core\.review_comment is not in the lake manifest/),
    ]);
    expect(stream.stats).toMatchObject({ recordsIn: 8, routed: 6, failed: 2, objectsWritten: 5 });
    const [failedKey] = sink.keysUnder('errors/processing-failed/');
    expect(stream.stats.failures).toEqual([
      { line: 6, problem: expect.stringMatching(/^malformed JSON/), reason: expect.stringMatching(/^kinesis-capture\.jsonl line 6: malformed JSON/), objectKey: failedKey },
      {
        line: 8,
        table: 'dm_core.review_comment',
        problem: expect.stringMatching(/^table dm_core\.review_comment is not in the lake manifest/),
        reason: expect.stringMatching(/^kinesis-capture\.jsonl line 8: table dm_core\.review_comment/),
        objectKey: failedKey,
      },
    ]);
  });
});
