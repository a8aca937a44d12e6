// FileIO over Amazon S3 or an S3-compatible server, addressed with s3://bucket/key URIs.
import { DeleteObjectCommand, GetObjectCommand, paginateListObjectsV2, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { FileInfo, FileIO } from './file-io.js';
import { parseS3Location, s3Object } from './s3-location.js';

export class S3FileIO implements FileIO {
  private readonly client: S3Client;
  private readonly ownsClient: boolean;

  /**
   * @param s3 a client to use (the caller keeps ownership), or the config of a client this FileIO creates and
   *   destroys on close(), e.g. { endpoint, forcePathStyle, credentials, region } for an S3-compatible server
   */
  constructor(s3: S3Client | S3ClientConfig = {}) {
    this.ownsClient = !(s3 instanceof S3Client);
    this.client = s3 instanceof S3Client ? s3 : new S3Client(s3);
  }

  async read(location: string): Promise<Uint8Array> {
    const { Body } = await this.client.send(new GetObjectCommand(s3Object(location)));
    if (Body === undefined) throw new Error(`S3 answered GetObject for ${location} without a body: the server is not S3-compatible`);
    return Body.transformToByteArray();
  }

  /** One PutObject: S3 makes an object visible only once it is whole. */
  async write(location: string, bytes: Uint8Array): Promise<void> {
    await this.client.send(new PutObjectCommand({ ...s3Object(location), Body: bytes, ContentLength: bytes.byteLength }));
  }

  /** Deleting a missing object succeeds, as S3's DeleteObject does. */
  async delete(location: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand(s3Object(location)));
  }

  /**
   * A plain key-prefix listing, as Iceberg's S3FileIO does: `s3://b/t/data` also lists `s3://b/t/data2/…`,
   * so pass a trailing slash to list one folder.
   */
  async list(prefix: string): Promise<FileInfo[]> {
    const { scheme, bucket, key } = parseS3Location(prefix);
    const files: FileInfo[] = [];
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: bucket, Prefix: key })) {
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined || object.LastModified === undefined) {
          throw new Error(`S3 listed an object under ${prefix} without Key or LastModified: the server is not S3-compatible`);
        }
        files.push({ location: `${scheme}://${bucket}/${object.Key}`, size: object.Size ?? 0, lastModified: object.LastModified });
      }
    }
    // S3 lists in UTF-8 byte order; the FileIO contract is JavaScript's string order, as LocalFileIO sorts.
    return files.sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
  }

  /** Destroys the client if this FileIO created it. */
  close(): void {
    if (this.ownsClient) this.client.destroy();
  }
}
