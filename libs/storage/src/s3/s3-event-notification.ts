import { InvalidS3EventNotificationError } from '../errors.js';
import type { ObjectCreatedEvent } from '../object-store.js';
import { keyPrefixOf, parseS3Uri, type S3Location } from './s3-uri.js';

/** The fields of an S3 event notification record this parser reads; anything may be missing in a bad payload. */
interface RawRecord {
  readonly eventName?: unknown;
  readonly eventTime?: unknown;
  readonly s3?: { readonly bucket?: { readonly name?: unknown }; readonly object?: { readonly key?: unknown; readonly size?: unknown; readonly eTag?: unknown } };
}

/** The fields of an S3 event as EventBridge delivers it that this parser reads. */
interface RawEventBridgeEvent {
  readonly source?: unknown;
  readonly 'detail-type'?: unknown;
  readonly time?: unknown;
  readonly detail?: { readonly bucket?: { readonly name?: unknown }; readonly object?: { readonly key?: unknown; readonly size?: unknown; readonly etag?: unknown } };
}

/** One object of either shape, once its fields are known to be there. */
interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly eventTime: Date;
}

/**
 * Turns what S3 sends about created objects into the ObjectCreated events of one store. Two shapes: an event
 * notification ({ Records: [...] }, as S3 sends to Lambda, SNS and SQS), whose keys are URL-encoded with "+" for
 * spaces; and an EventBridge event ({ source: "aws.s3", "detail-type": "Object Created", detail }), whose key is the
 * key as stored. Other events (ObjectRemoved, "Object Deleted"…) and the s3:TestEvent S3 sends when notifications
 * are set up give nothing. With storeUri (s3://bucket[/prefix]), objects of other buckets or outside the prefix are
 * skipped and the prefix is stripped from keys.
 */
export function parseS3EventNotification(notification: unknown, storeUri?: string): ObjectCreatedEvent[] {
  if ((notification as { Event?: unknown } | null)?.Event === 's3:TestEvent') return [];
  const scope = storeUri === undefined ? undefined : parseS3Uri(storeUri);
  if ((notification as RawEventBridgeEvent | null)?.source === 'aws.s3') return inScope(eventBridgeObjects(notification as RawEventBridgeEvent), scope);
  const records = (notification as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) throw new InvalidS3EventNotificationError(`got ${JSON.stringify(notification)?.slice(0, 200)}`);
  return inScope(
    records.flatMap((record: RawRecord, index) => recordObjects(record, `Records[${index}]`)),
    scope,
  );
}

function recordObjects(record: RawRecord, where: string): CreatedObject[] {
  if (typeof record?.eventName !== 'string') throw new InvalidS3EventNotificationError(`${where} has no eventName`);
  if (!record.eventName.startsWith('ObjectCreated:')) return [];
  const bucket = record.s3?.bucket?.name;
  const { key, size, eTag } = record.s3?.object ?? {};
  if (typeof bucket !== 'string' || typeof key !== 'string' || typeof size !== 'number' || typeof eTag !== 'string') {
    throw new InvalidS3EventNotificationError(`${where} (${record.eventName}) lacks s3.bucket.name, s3.object.key, size or eTag`);
  }
  return [{ bucket, key: decodeKey(key, where), size, etag: eTag, eventTime: isoDate(record.eventTime, `${where} (${record.eventName}) has eventTime`) }];
}

function eventBridgeObjects(event: RawEventBridgeEvent): CreatedObject[] {
  const detailType = event['detail-type'];
  if (typeof detailType !== 'string') throw new InvalidS3EventNotificationError('the EventBridge event (source aws.s3) has no detail-type');
  if (detailType !== 'Object Created') return [];
  const bucket = event.detail?.bucket?.name;
  const { key, size, etag } = event.detail?.object ?? {};
  if (typeof bucket !== 'string' || typeof key !== 'string' || typeof size !== 'number' || typeof etag !== 'string') {
    throw new InvalidS3EventNotificationError('the EventBridge "Object Created" event lacks detail.bucket.name, detail.object.key, size or etag');
  }
  return [{ bucket, key, size, etag, eventTime: isoDate(event.time, 'the EventBridge "Object Created" event has time') }];
}

function inScope(objects: readonly CreatedObject[], scope: S3Location | undefined): ObjectCreatedEvent[] {
  const keyPrefix = scope === undefined ? '' : keyPrefixOf(scope);
  return objects
    .filter(({ bucket, key }) => (scope === undefined || bucket === scope.bucket) && key.startsWith(keyPrefix))
    .map(({ key, size, etag, eventTime }) => ({ key: key.slice(keyPrefix.length), size, etag: etag.replaceAll('"', ''), eventTime, source: 's3' }));
}

function isoDate(value: unknown, what: string): Date {
  const time = typeof value === 'string' ? new Date(value) : undefined;
  if (time === undefined || Number.isNaN(time.getTime())) throw new InvalidS3EventNotificationError(`${what} ${JSON.stringify(value)}, not an ISO date`);
  return time;
}

function decodeKey(key: string, where: string): string {
  try {
    return decodeURIComponent(key.replaceAll('+', ' '));
  } catch {
    throw new InvalidS3EventNotificationError(`${where} has key ${JSON.stringify(key)}, which is not URL-encoded as S3 sends keys`);
  }
}
