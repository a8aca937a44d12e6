import { ConflictError, InvalidInputError, NotFoundError } from '@datamaster/lake-manifest';
/** get() of a key that has no object. */
export class ObjectNotFoundError extends NotFoundError {
  override readonly name = 'ObjectNotFoundError';
  constructor(
    readonly key: string,
    readonly storeUri: string,
  ) {
    super(`No object "${key}" in ${storeUri}. Check the key, or head() first when the object may be absent.`);
  }
}

/** A key or prefix that is not a clean relative path, so it could not mean the same thing in every adapter. */
export class InvalidObjectKeyError extends InvalidInputError {
  override readonly name = 'InvalidObjectKeyError';
  constructor(
    readonly key: string,
    reason: string,
    kind: 'key' | 'prefix' = 'key',
  ) {
    super(
      `Invalid object ${kind} ${JSON.stringify(key)}: ${reason}. Use a relative path like "raw/review/part-0001.json.gz": ` +
        'no leading "/", no empty, "." or ".." segments, no backslashes or control characters, at most 1024 UTF-8 bytes.',
    );
  }
}

/** Content type or user metadata that S3 would not round-trip unchanged. */
export class InvalidObjectMetadataError extends InvalidInputError {
  override readonly name = 'InvalidObjectMetadataError';
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(
      `Cannot store metadata for "${key}": ${problem}. Metadata keys must be lowercase [a-z0-9._-], values and the ` +
        'content type printable ASCII without leading or trailing spaces, 2 KB of metadata at most.',
    );
  }
}

/** A list() page size or continuation token that this store cannot use. */
export class InvalidListOptionsError extends InvalidInputError {
  override readonly name = 'InvalidListOptionsError';
}

/** A file store cannot hold both "a" and "a/b": a path is either a file or a folder. */
export class ObjectKeyConflictError extends ConflictError {
  override readonly name = 'ObjectKeyConflictError';
  constructor(
    readonly key: string,
    readonly storeUri: string,
  ) {
    super(
      `Cannot store "${key}" in ${storeUri}: the key, or one of its parent folders, is both an object and a folder ` +
        '(as with keys "a" and "a/b"). A file store cannot hold both; rename one of them.',
    );
  }
}

/** openObjectStore() got a URI it cannot open. */
export class InvalidObjectStoreUriError extends InvalidInputError {
  override readonly name = 'InvalidObjectStoreUriError';
  constructor(
    readonly uri: string,
    reason: string,
  ) {
    super(
      `Cannot open object store "${uri}": ${reason}. Supported: file:///absolute/path (or an absolute path) and ` +
        's3://bucket[/prefix].',
    );
  }
}

/** A PrefixRoutedObjectStore's routes that could not say where a key lives. */
export class InvalidObjectStoreRoutesError extends InvalidInputError {
  override readonly name = 'InvalidObjectStoreRoutesError';
  constructor(
    readonly uri: string,
    problem: string,
  ) {
    super(`Cannot route the keys of ${uri}: ${problem}. Each route takes a folder-like prefix ("raw/"), and no prefix may begin another.`);
  }
}

/** parseS3EventNotification() got a payload that is neither an S3 event notification nor S3's EventBridge event. */
export class InvalidS3EventNotificationError extends Error {
  override readonly name = 'InvalidS3EventNotificationError';
  constructor(problem: string) {
    super(
      `Not an S3 event notification: ${problem}. Expected { Records: [{ eventName, eventTime, s3: { bucket: { name }, ` +
        'object: { key, size, eTag } } }] } as S3 sends to Lambda, SNS or SQS, or { source: "aws.s3", "detail-type", time, ' +
        'detail: { bucket: { name }, object: { key, size, etag } } } as EventBridge delivers it.',
    );
  }
}
