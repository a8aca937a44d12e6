import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
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

/** Objects in an S3 bucket, under an optional prefix (the lake on AWS). */
export class S3ObjectStore extends BaseObjectStore {
  readonly uri: string;
  private readonly location: S3Location;
  private readonly keyPrefix: string;
  private readonly client: S3Client;
  private readonly ownsClient: boolean;

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
    this.ownsClient = !(s3 instanceof S3Client);
    this.client = s3 instanceof S3Client ? s3 : new S3Client(s3);
  }

  async put(key: string, body: ObjectBody, options?: PutObjectOptions): Promise<ObjectInfo> {
    validateObjectKey(key);
    const { contentType, metadata } = resolvePutOptions(key, options);
    adoptBody(body);
    // Upload sends one PutObject for a body that fits in a part (5 MiB) and a multipart upload beyond, streaming a
    // part at a time, so a stream of unknown length is never held whole.
    const upload = new Upload({
      client: this.client,
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
    try {
      const { Body } = await this.client.send(new GetObjectCommand(this.address(key)));
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
    try {
      const object = await this.client.send(new HeadObjectCommand(this.address(key)));
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
    const page = await this.client.send(
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
    await this.client.send(new DeleteObjectCommand(this.address(key)));
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
    if (this.ownsClient) this.client.destroy();
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
