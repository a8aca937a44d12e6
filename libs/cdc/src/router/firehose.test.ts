import { describe, expect, it, vi } from 'vitest';
import { InvalidFirehoseEventError, routeFirehoseEvent, type FirehoseFailureLog, type FirehoseTransformationEvent } from './firehose.js';

const metadata = {
  timestamp: '2026-11-26T03:00:01.000002Z',
  'record-type': 'data',
  operation: 'insert',
  'partition-key-type': 'schema-table',
  'schema-name': 'dm_core',
};
const brewery = { data: { brewery_id: 5801, brewery_name: 'Tillamook Beer Works' }, metadata: { ...metadata, 'table-name': 'brewery', 'stream-position': '0/5' } };
const fullLoadBeer = { data: { beer_id: 7, brewery_id: 1, beer_name: 'Pale', beer_style: 'APA', beer_abv: 0 }, metadata: { ...metadata, operation: 'load', 'table-name': 'beer' } };
const control = { metadata: { ...metadata, 'record-type': 'control', operation: 'drop-column', 'table-name': 'beer' } };

const base64 = (text: string) => Buffer.from(text).toString('base64');
const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8');

function event(payloads: string[], arrival = 1_795_662_001_512): FirehoseTransformationEvent {
  return {
    invocationId: 'c7a5e3b1-6c0e-4b5e-9d8e-1f2a3b4c5d6e',
    deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/dm-cdc',
    region: 'eu-west-1',
    records: payloads.map((payload, index) => ({
      recordId: `49656894576219850138296461381185826342339213580227018754${String(index).padStart(4, '0')}`,
      approximateArrivalTimestamp: arrival + index,
      data: base64(payload),
    })),
  };
}

function route(input: FirehoseTransformationEvent) {
  const logged: FirehoseFailureLog[] = [];
  const result = routeFirehoseEvent(input, { logFailure: (entry) => logged.push(entry) });
  return { result, logged };
}

describe('routeFirehoseEvent', () => {
  it('answers every record once, in input order', () => {
    const input = event([JSON.stringify(brewery), 'garbage', JSON.stringify(control), JSON.stringify(fullLoadBeer)]);
    const { result } = route(input);
    expect(result.records.map((r) => r.recordId)).toEqual(input.records.map((r) => r.recordId));
    expect(result.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed', 'Ok', 'Ok']);
  });

  it('returns each routed line base64-encoded with its table as the partition key', () => {
    const { result } = route(event([JSON.stringify(brewery), JSON.stringify(control)]));
    const [first, second] = result.records;
    expect(first?.metadata).toEqual({ partitionKeys: { table_name: 'brewery' } });
    expect(JSON.parse(decode(first!.data))).toMatchObject({ ...brewery.data, op: 'insert', change_seq: 5 });
    expect(decode(first!.data).endsWith('\n')).toBe(true);
    expect(second?.metadata).toEqual({ partitionKeys: { table_name: '_control' } });
    expect(JSON.parse(decode(second!.data))).toMatchObject(control);
  });

  it('orders records without an LSN by arrival time in ms × 1000 + index in the batch', () => {
    const arrival = 1_795_662_001_512;
    const { result } = route(event([JSON.stringify(brewery), JSON.stringify(fullLoadBeer)], arrival));
    // The second record arrived 1 ms after the first (see event()) and is at index 1.
    expect(JSON.parse(decode(result.records[1]!.data))).toMatchObject({ change_seq: (arrival + 1) * 1000 + 1 });
  });

  it('fails bad records with the reason in the data and one structured log line each', () => {
    const unknownColumn = { ...brewery, data: { ...brewery.data, founded: 1996 } };
    const { result, logged } = route(event(['garbage', JSON.stringify(unknownColumn)]));
    const reasons = result.records.map((r) => JSON.parse(decode(r.data)) as { reason: string; record: unknown });
    expect(reasons[0]).toMatchObject({ reason: expect.stringMatching(/^malformed JSON/), record: 'garbage' });
    expect(reasons[1]?.reason).toContain('column "founded" of dm_core.brewery');
    expect(result.records.every((r) => r.metadata === undefined)).toBe(true);
    expect(logged).toEqual(result.records.map((r, i) => ({ level: 'error', recordId: r.recordId, reason: reasons[i]?.reason })));
  });

  it('logs failures as JSON lines on stderr by default', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let written: unknown[];
    try {
      routeFirehoseEvent(event(['garbage']));
      written = stderr.mock.calls.map(([chunk]) => chunk);
    } finally {
      stderr.mockRestore();
    }
    expect(written).toHaveLength(1);
    expect(JSON.parse(String(written[0]))).toMatchObject({ level: 'error', recordId: expect.any(String), reason: expect.stringMatching(/^malformed JSON/) });
  });

  it('refuses an event that is not a transformation event', () => {
    expect(() => routeFirehoseEvent({} as FirehoseTransformationEvent)).toThrow(InvalidFirehoseEventError);
    const noId = { ...event([]), records: [{ approximateArrivalTimestamp: 1, data: '' }] } as unknown as FirehoseTransformationEvent;
    expect(() => routeFirehoseEvent(noId)).toThrow('records[0] has no recordId');
  });
});
