import { describe, expect, it } from 'vitest';
import { InvalidObjectStoreUriError, InvalidS3EventNotificationError } from '../errors.js';
import { parseS3EventNotification } from './s3-event-notification.js';

function record(overrides: { eventName?: string; bucket?: string; key?: string; size?: number; eTag?: string; eventTime?: string } = {}) {
  const { eventName = 'ObjectCreated:Put', bucket = 'lake', key = 'raw/a.gz', size = 10, eTag = 'abc123', eventTime = '2024-01-01T00:00:00.000Z' } =
    overrides;
  return { eventVersion: '2.1', eventSource: 'aws:s3', eventName, eventTime, s3: { bucket: { name: bucket }, object: { key, size, eTag } } };
}

/** An S3 event as EventBridge delivers it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html). */
function eventBridgeEvent(overrides: { detailType?: string; bucket?: string; key?: string; size?: number; etag?: string; time?: string } = {}) {
  const { detailType = 'Object Created', bucket = 'lake', key = 'raw/a.gz', size = 10, etag = 'abc123', time = '2024-01-01T00:00:00Z' } = overrides;
  return {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': detailType,
    source: 'aws.s3',
    account: '111122223333',
    time,
    region: 'eu-west-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: { version: '0', bucket: { name: bucket }, object: { key, size, etag, 'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e', sequencer: '617f08299329d189' }, reason: 'PutObject' },
  };
}

describe('parseS3EventNotification', () => {
  it('turns ObjectCreated records into events', () => {
    expect(parseS3EventNotification({ Records: [record()] })).toEqual([
      { key: 'raw/a.gz', size: 10, etag: 'abc123', eventTime: new Date('2024-01-01T00:00:00.000Z'), source: 's3' },
    ]);
  });

  it('URL-decodes keys as S3 encodes them, "+" meaning a space', () => {
    const [event] = parseS3EventNotification({ Records: [record({ key: 'raw/my+file%3D1.gz' })] });
    expect(event?.key).toBe('raw/my file=1.gz');
    const [plus] = parseS3EventNotification({ Records: [record({ key: 'raw/a%2Bb%20%C3%A9.gz' })] });
    expect(plus?.key).toBe('raw/a+b é.gz');
  });

  it("keeps to the store's bucket and prefix, and strips the prefix", () => {
    const records = [
      record({ key: 'lake/raw/a.gz' }),
      record({ key: 'lakehouse/raw/b.gz' }),
      record({ key: 'lake/raw/c.gz', bucket: 'other' }),
      record({ key: 'raw/d.gz' }),
    ];
    expect(parseS3EventNotification({ Records: records }, 's3://lake/lake').map((event) => event.key)).toEqual(['raw/a.gz']);
    expect(parseS3EventNotification({ Records: records }, 's3://lake').map((event) => event.key)).toEqual([
      'lake/raw/a.gz',
      'lakehouse/raw/b.gz',
      'raw/d.gz',
    ]);
  });

  it('skips other events and the test event S3 sends when notifications are set up', () => {
    expect(parseS3EventNotification({ Records: [record({ eventName: 'ObjectRemoved:Delete' })] })).toEqual([]);
    expect(parseS3EventNotification({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'lake' })).toEqual([]);
  });

  it('turns an EventBridge "Object Created" event into one event, its key as stored', () => {
    expect(parseS3EventNotification(eventBridgeEvent({ key: 'raw/my+file 1:2.gz', etag: '"d41d8cd9"' }))).toEqual([
      { key: 'raw/my+file 1:2.gz', size: 10, etag: 'd41d8cd9', eventTime: new Date('2024-01-01T00:00:00Z'), source: 's3' },
    ]);
  });

  it("keeps an EventBridge event to the store's bucket and prefix, and skips other detail types", () => {
    expect(parseS3EventNotification(eventBridgeEvent({ key: 'lake/raw/a.gz' }), 's3://lake/lake')).toMatchObject([{ key: 'raw/a.gz' }]);
    expect(parseS3EventNotification(eventBridgeEvent({ bucket: 'other' }), 's3://lake')).toEqual([]);
    expect(parseS3EventNotification(eventBridgeEvent({ key: 'lakehouse/raw/a.gz' }), 's3://lake/lake')).toEqual([]);
    expect(parseS3EventNotification(eventBridgeEvent({ detailType: 'Object Deleted' }))).toEqual([]);
  });

  it('rejects payloads that are not S3 event notifications, saying what is wrong', () => {
    const bad: [unknown, string][] = [
      [{ detail: {} }, 'got {"detail":{}}'],
      [null, 'got null'],
      [{ Records: [{}] }, 'Records[0] has no eventName'],
      [{ Records: [record(), { ...record(), s3: { bucket: { name: 'lake' }, object: { key: 'k' } } }] }, 'Records[1] (ObjectCreated:Put) lacks'],
      [{ Records: [record({ eventTime: 'yesterday' })] }, 'eventTime "yesterday"'],
      [{ Records: [record({ key: 'raw/%E0%A4%A' })] }, 'key "raw/%E0%A4%A"'],
      [{ source: 'aws.s3', detail: {} }, 'the EventBridge event (source aws.s3) has no detail-type'],
      [{ ...eventBridgeEvent(), detail: { bucket: { name: 'lake' }, object: { key: 'raw/a.gz' } } }, 'the EventBridge "Object Created" event lacks'],
      [eventBridgeEvent({ time: 'now' }), 'the EventBridge "Object Created" event has time "now", not an ISO date'],
    ];
    for (const [notification, message] of bad) {
      expect(() => parseS3EventNotification(notification)).toThrow(InvalidS3EventNotificationError);
      expect(() => parseS3EventNotification(notification)).toThrow(message);
    }
    expect(() => parseS3EventNotification({ Records: [] }, 'gs://lake')).toThrow(InvalidObjectStoreUriError);
  });
});
