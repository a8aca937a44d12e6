import { InvalidObjectMetadataError } from './errors.js';
import type { PutObjectOptions } from './object-store.js';

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

// S3 sends user metadata as x-amz-meta-* HTTP headers: it lowercases the names and only keeps ASCII values intact.
const METADATA_KEY = /^[a-z0-9][a-z0-9._-]*$/;
const HEADER_VALUE = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/;
const MAX_METADATA_BYTES = 2048;

export interface ResolvedPutOptions {
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Checks put() options against what S3 round-trips, so both adapters accept and return the same values. */
export function resolvePutOptions(key: string, options: PutObjectOptions = {}): ResolvedPutOptions {
  const contentType = options.contentType ?? DEFAULT_CONTENT_TYPE;
  if (contentType === '' || !HEADER_VALUE.test(contentType)) {
    throw new InvalidObjectMetadataError(key, `content type ${JSON.stringify(contentType)} is not a valid header value`);
  }
  const metadata = { ...options.metadata };
  let bytes = 0;
  for (const [name, value] of Object.entries(metadata)) {
    if (!METADATA_KEY.test(name)) throw new InvalidObjectMetadataError(key, `metadata key ${JSON.stringify(name)} is not allowed`);
    if (!HEADER_VALUE.test(value)) {
      throw new InvalidObjectMetadataError(key, `metadata value ${JSON.stringify(value)} of "${name}" is not allowed`);
    }
    bytes += name.length + value.length;
  }
  if (bytes > MAX_METADATA_BYTES) throw new InvalidObjectMetadataError(key, `metadata is ${bytes} bytes, over ${MAX_METADATA_BYTES}`);
  return { contentType, metadata };
}
