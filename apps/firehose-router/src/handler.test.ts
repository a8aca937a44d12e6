import { ChangeSimulator, type FirehoseTransformationEvent } from '@datamaster/cdc';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { handler } from './handler.js';

const ARRIVAL = Date.UTC(2026, 10, 26, 3, 0, 1, 512);
const changes = new ChangeSimulator({ seed: 5, scale: 0.01, startTime: ARRIVAL - 1_000 }).next(4);
const control = {
  metadata: {
    timestamp: '2026-11-26T03:00:01.000002Z',
    'record-type': 'control',
    operation: 'add-column',
    'partition-key-type': 'schema-table',
    'schema-name': 'dm_core',
    'table-name': 'review',
  },
};
const payloads = [...changes.slice(0, 2).map((c) => JSON.stringify(c)), '{"data":{"review_id":1', JSON.stringify(control), ...changes.slice(2).map((c) => JSON.stringify(c))];

/** A transformation event as Firehose sends it for a Kinesis Data Streams source. */
const event: FirehoseTransformationEvent = {
  invocationId: '5a4bd5c4-6d4e-4b1c-9d1e-2c1f0e8b7a61',
  deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/dm-cdc',
  sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/dm-cdc',
  region: 'eu-west-1',
  records: payloads.map((payload, index) => ({
    recordId: `49656894576219850138296461381185826342339213580227018754${index}000000000000000`,
    approximateArrivalTimestamp: ARRIVAL,
    data: Buffer.from(payload).toString('base64'),
    kinesisRecordMetadata: {
      shardId: 'shardId-000000000000',
      partitionKey: 'dm_core.review',
      approximateArrivalTimestamp: ARRIVAL,
      sequenceNumber: `4965689457621985013829646138118582634233921358022701875${index}`,
      subsequenceNumber: 0,
    },
  })),
};

const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8');

describe('firehose-router handler', () => {
  let stderr: MockInstance<typeof process.stderr.write>;
  beforeEach(() => {
    stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stderr.mockRestore();
  });

  it('answers every record once, in order, with base64 data', async () => {
    const { records } = await handler(event);
    expect(records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
    expect(records.map((r) => r.result)).toEqual(['Ok', 'Ok', 'ProcessingFailed', 'Ok', 'Ok', 'Ok']);
    for (const record of records) expect(Buffer.from(record.data, 'base64').toString('base64')).toBe(record.data);
  });

  it('returns each change as one flattened NDJSON line partitioned by its table', async () => {
    const { records } = await handler(event);
    const routed = [records[0], records[1], records[4], records[5]];
    routed.forEach((record, i) => {
      const change = changes[i]!;
      expect(record?.metadata).toEqual({ partitionKeys: { table_name: change.metadata['table-name'] } });
      const line = decode(record!.data);
      expect(line.endsWith('\n')).toBe(true);
      expect(JSON.parse(line)).toMatchObject({ ...change.data, op: change.metadata.operation, change_txn_id: change.metadata['transaction-id'] });
    });
  });

  it('routes the schema change to _control, keeping the record', async () => {
    const { records } = await handler(event);
    expect(records[3]?.metadata).toEqual({ partitionKeys: { table_name: '_control' } });
    expect(JSON.parse(decode(records[3]!.data))).toEqual({ ...control, change_ts: '2026-11-26T03:00:01.000002Z' });
  });

  it('fails the malformed record with its reason in the data and one JSON log line on stderr', async () => {
    const { records } = await handler(event);
    const failed = records[2]!;
    expect(failed.metadata).toBeUndefined();
    const { reason, record } = JSON.parse(decode(failed.data)) as { reason: string; record: unknown };
    expect(reason).toMatch(/^malformed JSON/);
    expect(record).toBe(payloads[2]);
    const logged = stderr.mock.calls.map(([chunk]) => JSON.parse(String(chunk)) as unknown);
    expect(logged).toEqual([{ level: 'error', recordId: failed.recordId, reason }]);
  });
});
