import type { Readable } from 'node:stream';

/** What put() accepts: bytes, text (stored as UTF-8), or a stream, which is written as it arrives, never buffered whole. */
export type ObjectBody = Buffer | Uint8Array | string | Readable;

export interface PutObjectOptions {
  /** Defaults to application/octet-stream. */
  readonly contentType?: string;
  /** User metadata, kept as given. Keys are lowercase and values printable ASCII: what S3 round-trips unchanged. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** What a listing says about an object. Like S3 ListObjectsV2, it carries no metadata or content type: head() has those. */
export interface ObjectSummary {
  /** Relative to the store's root, e.g. "raw/review/part-0001.json.gz". */
  readonly key: string;
  readonly size: number;
  /**
   * Identifies this version of the object. It is the MD5 hex of the content, as S3 gives for single-part uploads, so
   * the same bytes have the same etag in every adapter. On AWS, objects uploaded in several parts (over 5 MiB) get
   * S3's "<md5 of part md5s>-<parts>" instead: still content-derived and stable, but not the plain MD5.
   */
  readonly etag: string;
  readonly lastModified: Date;
}

export interface ObjectInfo extends ObjectSummary {
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface ListObjectsOptions {
  /** 1 to 1000 (S3's maximum, and the default). */
  readonly pageSize?: number;
  /** From the previous page; opaque. */
  readonly continuationToken?: string;
}

/** One page of a listing, keys in UTF-8 byte order; continuationToken is set when more keys follow. */
export interface ObjectListPage {
  readonly objects: readonly ObjectSummary[];
  readonly continuationToken?: string;
}

export interface ObjectCreatedEvent {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly eventTime: Date;
  readonly source: 'file' | 's3';
}

export type ObjectCreatedListener = (event: ObjectCreatedEvent) => void;

/** The lake's object store (raw/, bronze/, silver/… keys), the same on a laptop and on AWS. Open one with openObjectStore(). */
export interface ObjectStore {
  /** Where the store is, e.g. file:///home/me/lake or s3://bucket/prefix. */
  readonly uri: string;
  /** Writes the whole object atomically: readers see the previous version or this one, never a part. */
  put(key: string, body: ObjectBody, options?: PutObjectOptions): Promise<ObjectInfo>;
  /** Streams the object; rejects with ObjectNotFoundError when there is none. */
  get(key: string): Promise<Readable>;
  /** get() collected into memory: for small objects only. */
  getBytes(key: string): Promise<Buffer>;
  /** undefined when there is no such object. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** One page of the objects whose keys start with prefix ("" for all). */
  list(prefix: string, options?: ListObjectsOptions): Promise<ObjectListPage>;
  /** Every object whose key starts with prefix, walking all pages. */
  listAll(prefix: string): AsyncIterable<ObjectSummary>;
  /** Deleting a missing object is not an error, as in S3. */
  delete(key: string): Promise<void>;
  /**
   * Calls listener after each put() through this store object, in-process; returns the unsubscribe function.
   * Listeners run synchronously inside put(), so a listener that throws makes put() reject after the object is stored.
   * Adapters whose writes are observed out of process (S3) return a no-op; see their docs.
   */
  onObjectCreated(listener: ObjectCreatedListener): () => void;
  /** Releases what the store holds (an S3 client it created, listeners). */
  close(): Promise<void>;
}
