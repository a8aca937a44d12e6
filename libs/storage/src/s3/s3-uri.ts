import { InvalidObjectStoreUriError } from '../errors.js';
import { validateObjectKey } from '../keys.js';

export interface S3Location {
  readonly bucket: string;
  /** Without leading or trailing "/"; "" for the whole bucket. */
  readonly prefix: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses s3://bucket[/prefix]; the prefix must be a clean relative path, as keys are. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(uri);
  if (match === null) throw new InvalidObjectStoreUriError(uri, 'it is not an s3:// URI');
  const bucket = match[1] ?? '';
  const prefix = (match[2] ?? '').replace(/\/+$/, '');
  if (!BUCKET_NAME.test(bucket)) {
    throw new InvalidObjectStoreUriError(uri, `"${bucket}" is not an S3 bucket name (3 to 63 lowercase letters, digits, dots, hyphens)`);
  }
  if (prefix !== '') {
    try {
      validateObjectKey(prefix);
    } catch (error) {
      throw new InvalidObjectStoreUriError(uri, `its prefix is not a clean relative path (${(error as Error).message})`);
    }
  }
  return { bucket, prefix };
}

/** "prefix/" to put before keys, or "" for a whole bucket. */
export function keyPrefixOf(location: S3Location): string {
  return location.prefix === '' ? '' : `${location.prefix}/`;
}
