import { InvalidS3EventNotificationError } from '../errors.js';
import type { ObjectCreatedEvent } from '../object-store.js';
import { keyPrefixOf, parseS3Uri } from './s3-uri.js';

/** The fields of an S3 event notification record this parser reads; anything may be missing in a bad payload. */
interface RawRecord {
  readonly eventName?: unknown;
  readonly eventTime?: unknown;
  readonly s3?: { readonly bucket?: { readonly name?: unknown }; readonly object?: { readonly key?: unknown; readonly size?: unknown; readonly eTag?: unknown } };
}

/**
 * Turns an S3 event notification ({ Records: [...] }, as S3 sends to Lambda, SNS and SQS) into the ObjectCreated
 * events of one store. Other events (ObjectRemoved…) and the s3:TestEvent S3 sends when notifications are set up
 * give nothing. With storeUri (s3://bucket[/prefix]), records of other buckets or outside the prefix are skipped and
 * the prefix is stripped from keys, which S3 sends URL-encoded with "+" for spaces.
 */
export function parseS3EventNotification(notification: unknown, storeUri?: string): ObjectCreatedEvent[] {
  if ((notification as { Event?: unknown } | null)?.Event === 's3:TestEvent') return [];
  const records = (notification as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) throw new InvalidS3EventNotificationError(`got ${JSON.stringify(notification)?.slice(0, 200)}`);
  const scope = storeUri === undefined ? undefined : parseS3Uri(storeUri);
  const keyPrefix = scope === undefined ? '' : keyPrefixOf(scope);
  return records.flatMap((record: RawRecord, index): ObjectCreatedEvent[] => {
    const where = `Records[${index}]`;
    if (typeof record?.eventName !== 'string') throw new InvalidS3EventNotificationError(`${where} has no eventName`);
    if (!record.eventName.startsWith('ObjectCreated:')) return [];
    const { eventTime, s3 } = record;
    const bucket = s3?.bucket?.name;
    const { key, size, eTag } = s3?.object ?? {};
    if (typeof bucket !== 'string' || typeof key !== 'string' || typeof size !== 'number' || typeof eTag !== 'string') {
      throw new InvalidS3EventNotificationError(`${where} (${record.eventName}) lacks s3.bucket.name, s3.object.key, size or eTag`);
    }
    const time = typeof eventTime === 'string' ? new Date(eventTime) : undefined;
    if (time === undefined || Number.isNaN(time.getTime())) {
      throw new InvalidS3EventNotificationError(`${where} (${record.eventName}) has eventTime ${JSON.stringify(eventTime)}, not an ISO date`);
    }
    const decodedKey = decodeKey(key, where);
    if ((scope !== undefined && bucket !== scope.bucket) || !decodedKey.startsWith(keyPrefix)) return [];
    return [{ key: decodedKey.slice(keyPrefix.length), size, etag: eTag.replaceAll('"', ''), eventTime: time, source: 's3' }];
  });
}

function decodeKey(key: string, where: string): string {
  try {
    return decodeURIComponent(key.replaceAll('+', ' '));
  } catch {
    throw new InvalidS3EventNotificationError(`${where} has key ${JSON.stringify(key)}, which is not URL-encoded as S3 sends keys`);
  }
}
