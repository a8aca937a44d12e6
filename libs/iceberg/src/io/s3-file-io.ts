// FileIO over Amazon S3 or an S3-compatible server, addressed with s3://bucket/key URIs. Every S3 call goes
// through the platform's one S3 seam, the object store of @datamaster/storage (one per bucket, sharing one
// client), so Iceberg's files and the lake's objects are read, written and listed by the same code.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import type { FileInfo, FileIO } from './file-io.js';
import { parseS3Location, s3Object } from './s3-location.js';

export class S3FileIO implements FileIO {
  private readonly client: S3Client;
  private readonly ownsClient: boolean;
  private readonly buckets = new Map<string, ObjectStore>();

  /**
   * @param s3 a client to use (the caller keeps ownership), or the config of a client this FileIO creates and
   *   destroys on close(), e.g. { endpoint, forcePathStyle, credentials, region } for an S3-compatible server
   */
  constructor(s3: S3Client | S3ClientConfig = {}) {
    this.ownsClient = !(s3 instanceof S3Client);
    this.client = s3 instanceof S3Client ? s3 : new S3Client(s3);
  }

  private bucket(name: string): ObjectStore {
    let store = this.buckets.get(name);
    if (store === undefined) {
      store = openObjectStore(`s3://${name}`, { s3: this.client });
      this.buckets.set(name, store);
    }
    return store;
  }

  async read(location: string): Promise<Uint8Array> {
    const { Bucket, Key } = s3Object(location);
    return new Uint8Array(await this.bucket(Bucket).getBytes(Key));
  }

  /** S3 makes an object visible only once it is whole. */
  async write(location: string, bytes: Uint8Array): Promise<void> {
    const { Bucket, Key } = s3Object(location);
    await this.bucket(Bucket).put(Key, bytes);
  }

  /** Deleting a missing object succeeds, as S3's DeleteObject does. */
  async delete(location: string): Promise<void> {
    const { Bucket, Key } = s3Object(location);
    await this.bucket(Bucket).delete(Key);
  }

  /**
   * A plain key-prefix listing, as Iceberg's S3FileIO does: `s3://b/t/data` also lists `s3://b/t/data2/…`,
   * so pass a trailing slash to list one folder.
   */
  async list(prefix: string): Promise<FileInfo[]> {
    const { scheme, bucket, key } = parseS3Location(prefix);
    const files: FileInfo[] = [];
    for await (const object of this.bucket(bucket).listAll(key)) {
      files.push({ location: `${scheme}://${bucket}/${object.key}`, size: object.size, lastModified: object.lastModified });
    }
    // S3 lists in UTF-8 byte order; the FileIO contract is JavaScript's string order, as LocalFileIO sorts.
    return files.sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
  }

  /** Destroys the client if this FileIO created it. */
  close(): void {
    if (this.ownsClient) this.client.destroy();
  }
}
