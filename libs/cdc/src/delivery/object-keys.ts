// Object names in the shape Firehose gives them (<prefix><stream>-<YYYY-MM-DD-HH-mm-ss>-<id>), but
// deterministic: the same clock, stream id and sequence always name the same objects.
import { createHash } from 'node:crypto';
import { DELIVERY_OBJECT_EXTENSION, PROCESSING_FAILED_PREFIX, rawTablePrefix } from '@datamaster/lake-contract';


/** Identifies the stream in object names: the first 8 hex digits of SHA-256 of its id. */
export function streamTag(streamId: string): string {
  return createHash('sha256').update(streamId).digest('hex').slice(0, 8);
}

export interface ObjectNaming {
  /** When the object's buffer received its first record (ms since the epoch). */
  readonly openedAt: number;
  readonly streamTag: string;
  /** The delivery sequence number of the object's first record: unique across the stream's life. */
  readonly firstSeq: number;
}

/** raw/<table>/dm-delivery-<YYYY-MM-DD-HH-mm-ss>-<tag>-<n>.ndjson.gz */
export function rawObjectKey(table: string, naming: ObjectNaming): string {
  return `${rawTablePrefix(table)}${objectName(naming)}`;
}

/** errors/processing-failed/<YYYY/MM/DD>/dm-delivery-<YYYY-MM-DD-HH-mm-ss>-<tag>-<n>.ndjson.gz */
export function failedObjectKey(naming: ObjectNaming): string {
  const day = new Date(naming.openedAt).toISOString().slice(0, 10).replaceAll('-', '/');
  return `${PROCESSING_FAILED_PREFIX}${day}/${objectName(naming)}`;
}

function objectName({ openedAt, streamTag, firstSeq }: ObjectNaming): string {
  const time = new Date(openedAt).toISOString().slice(0, 19).replace(/[T:]/g, '-');
  return `dm-delivery-${time}-${streamTag}-${firstSeq}${DELIVERY_OBJECT_EXTENSION}`;
}
