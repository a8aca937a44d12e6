import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { InvalidObjectStoreUriError } from './errors.js';
import { FileObjectStore } from './file/file-object-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3/s3-object-store.js';

export interface OpenObjectStoreOptions {
  /**
   * For s3:// URIs: a client to use (the caller keeps ownership), or the config of a client the store creates and
   * destroys on close(), e.g. { endpoint, forcePathStyle: true, credentials, region } for an embedded S3.
   */
  readonly s3?: S3Client | S3ClientConfig;
}

/** Opens the store a URI names: file:///absolute/folder (or an absolute path) or s3://bucket[/prefix]. */
export function openObjectStore(uri: string, options: OpenObjectStoreOptions = {}): ObjectStore {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 's3') return new S3ObjectStore(uri, options.s3);
  if (scheme === 'file') return new FileObjectStore(fileUriToPath(uri));
  if (scheme === undefined && isAbsolute(uri)) return new FileObjectStore(uri);
  throw new InvalidObjectStoreUriError(uri, scheme === undefined ? 'it is neither a URI nor an absolute path' : `the scheme "${scheme}:" is not supported`);
}

function fileUriToPath(uri: string): string {
  try {
    return fileURLToPath(uri);
  } catch (error) {
    throw new InvalidObjectStoreUriError(uri, `it is not a local file URI (${(error as Error).message})`);
  }
}
