import { Readable } from 'node:stream';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { BaseObjectStore } from '../base-object-store.js';
import { adoptBody } from '../body.js';
import { ObjectNotFoundError } from '../errors.js';
import { validateListPrefix, validateObjectKey } from '../keys.js';
import { DEFAULT_CONTENT_TYPE, resolvePutOptions } from '../metadata.js';
import type {
  ListObjectsOptions,
  ObjectBody,
  ObjectCreatedListener,
  ObjectInfo,
  ObjectListPage,
  PutObjectOptions,
} from '../object-store.js';
import { keyPrefixOf, parseS3Uri, type S3Location } from './s3-uri.js';

type S3Sdk = typeof import('./s3-sdk.js');

/** The SDK loads on a store's first call, not with this module: a local lake on files never needs it. */
let sdk: Promise<S3Sdk> | undefined;
const loadSdk = () => (sdk ??= import('./s3-sdk.js'));

/** A client given, or the config of one to create (S3ClientConfig has no send()). */
const isClient = (s3: S3Client | S3ClientConfig): s3 is S3Client => typeof (s3 as Partial<S3Client>).send === 'function';

/** Objects in an S3 bucket, under an optional prefix (the lake on AWS). */
export class S3ObjectStore extends BaseObjectStore {
  readonly uri: string;
  private readonly location: S3Location;
  private readonly keyPrefix: string;
  private readonly s3: S3Client | S3ClientConfig;
  private client: S3Client | undefined;

  /**
   * @param uri s3://bucket[/prefix]
   * @param s3 a client to use (the caller keeps ownership), or the config of a client this store creates and
   *   destroys on close(), e.g. { endpoint, forcePathStyle, credentials, region } for an S3-compatible server
   */
  constructor(uri: string, s3: S3Client | S3ClientConfig = {}) {
    super();
    this.location = parseS3Uri(uri);
    this.keyPrefix = keyPrefixOf(this.location);
    this.uri = `s3://${this.location.bucket}${this.location.prefix === '' ? '' : `/${this.location.prefix}`}`;
    this.s3 = s3;
  }

  /** The SDK, and the client: the one given, or one created on first use. */
  private async connect(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    const loaded = await loadSdk();
    this.client ??= isClient(this.s3) ? this.s3 : new loaded.S3Client(this.s3);
    return { sdk: loaded, client: this.client };
  }

  async put(key: string, body: ObjectBody, options?: PutObjectOptions): Promise<ObjectInfo> {
    validateObjectKey(key);
    const { contentType, metadata } = resolvePutOptions(key, options);
    adoptBody(body);
    const { sdk: { Upload }, client } = await this.connect();
    // Upload sends one PutObject for a body that fits in a part (5 MiB) and a multipart upload beyond, streaming a
    // part at a time, so a stream of unknown length is never held whole.
    const upload = new Upload({
      client,
      params: { ...this.address(key), Body: body, ContentType: contentType, Metadata: { ...metadata } },
    });
    try {
      await upload.done();
    } catch (error) {
      // When the body stream failed, Upload aborts the multipart upload, and a failed abort replaces the stream's
      // error. The stream's error is the cause to report; parts an abort could not remove are for the bucket's
      // AbortIncompleteMultipartUpload lifecycle rule.
      throw (body instanceof Readable && body.errored) || error;
    }
    // The upload's answer has no size or date: describe the object as S3 stored it.
    const info = await this.head(key);
    if (info === undefined) throw new ObjectNotFoundError(key, this.uri);
    return info;
  }

  async get(key: string): Promise<Readable> {
    validateObjectKey(key);
    const { sdk: { GetObjectCommand, NoSuchKey }, client } = await this.connect();
    try {
      const { Body } = await client.send(new GetObjectCommand(this.address(key)));
      if (!(Body instanceof Readable)) {
        throw new TypeError(`Reading "${key}" from ${this.uri} gave no Node.js stream: S3ObjectStore needs the Node.js SDK runtime.`);
      }
      return Body;
    } catch (error) {
      if (error instanceof NoSuchKey) throw new ObjectNotFoundError(key, this.uri);
      throw error;
    }
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    validateObjectKey(key);
    const { sdk: { HeadObjectCommand, NotFound }, client } = await this.connect();
    try {
      const object = await client.send(new HeadObjectCommand(this.address(key)));
      return {
        key,
        size: object.ContentLength ?? 0,
        etag: this.required(object.ETag, 'ETag', key).replaceAll('"', ''),
        lastModified: this.required(object.LastModified, 'LastModified', key),
        contentType: object.ContentType ?? DEFAULT_CONTENT_TYPE,
        metadata: object.Metadata ?? {},
      };
    } catch (error) {
      if (error instanceof NotFound) return undefined;
      throw error;
    }
  }

  async list(prefix: string, options: ListObjectsOptions = {}): Promise<ObjectListPage> {
    validateListPrefix(prefix);
    const { sdk: { ListObjectsV2Command }, client } = await this.connect();
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: this.location.bucket,
        Prefix: this.keyPrefix + prefix,
        MaxKeys: this.pageSize(options),
        ContinuationToken: options.continuationToken,
      }),
    );
    const objects = (page.Contents ?? []).map((object) => {
      const key = this.required(object.Key, 'Key', prefix).slice(this.keyPrefix.length);
      return {
        key,
        size: object.Size ?? 0,
        etag: this.required(object.ETag, 'ETag', key).replaceAll('"', ''),
        lastModified: this.required(object.LastModified, 'LastModified', key),
      };
    });
    return page.IsTruncated && page.NextContinuationToken ? { objects, continuationToken: page.NextContinuationToken } : { objects };
  }

  async delete(key: string): Promise<void> {
    validateObjectKey(key);
    const { sdk: { DeleteObjectCommand }, client } = await this.connect();
    await client.send(new DeleteObjectCommand(this.address(key)));
  }

  /**
   * Does nothing and returns an unsubscribe that does nothing: S3 writes are observed out of process. Events come
   * from S3 notifications (to Lambda, SNS, SQS or EventBridge); parseS3EventNotification() turns them into
   * ObjectCreatedEvents.
   */
  onObjectCreated(_listener: ObjectCreatedListener): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    // A client created here is this store's to destroy; a client given stays its owner's.
    if (this.client !== undefined && this.client !== this.s3) this.client.destroy();
  }

  private address(key: string): { Bucket: string; Key: string } {
    return { Bucket: this.location.bucket, Key: this.keyPrefix + key };
  }

  /** S3 always sends these; a server that does not is not S3-compatible enough to be used. */
  private required<T>(value: T | undefined, field: string, key: string): T {
    if (value === undefined) throw new Error(`${this.uri} answered without ${field} for "${key}": the server is not S3-compatible.`);
    return value;
  }
}
