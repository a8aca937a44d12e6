import type { Readable } from 'node:stream';
import { InvalidListOptionsError } from './errors.js';
import type {
  ListObjectsOptions,
  ObjectBody,
  ObjectCreatedListener,
  ObjectInfo,
  ObjectListPage,
  ObjectStore,
  ObjectSummary,
  PutObjectOptions,
} from './object-store.js';

/** S3's page limit, applied everywhere so a listing behaves the same in every adapter. */
const MAX_PAGE_SIZE = 1000;

/** What every adapter shares: the conveniences built on the primitive operations. */
export abstract class BaseObjectStore implements ObjectStore {
  abstract readonly uri: string;
  abstract put(key: string, body: ObjectBody, options?: PutObjectOptions): Promise<ObjectInfo>;
  abstract get(key: string): Promise<Readable>;
  abstract head(key: string): Promise<ObjectInfo | undefined>;
  abstract list(prefix: string, options?: ListObjectsOptions): Promise<ObjectListPage>;
  abstract delete(key: string): Promise<void>;
  abstract onObjectCreated(listener: ObjectCreatedListener): () => void;
  abstract close(): Promise<void>;

  async getBytes(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.get(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async *listAll(prefix: string): AsyncIterable<ObjectSummary> {
    let continuationToken: string | undefined;
    do {
      const page = await this.list(prefix, { continuationToken });
      yield* page.objects;
      continuationToken = page.continuationToken;
    } while (continuationToken !== undefined);
  }

  /** Checks and defaults list()'s page size; a message names the value and the allowed range. */
  protected pageSize(options: ListObjectsOptions): number {
    const { pageSize = MAX_PAGE_SIZE } = options;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new InvalidListOptionsError(`List page size ${pageSize} for ${this.uri} must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
    }
    return pageSize;
  }
}
