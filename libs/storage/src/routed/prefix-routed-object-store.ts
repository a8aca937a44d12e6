// One ObjectStore over several: keys under a route's prefix live in that route's store, every other key in the
// fallback. On AWS the platform keeps what arrives (raw/, under the raw key, PII in clear) in a bucket of its own,
// apart from the lake, while its code sees one store of lake keys, as it does locally.
import type { Readable } from 'node:stream';
import { BaseObjectStore } from '../base-object-store.js';
import { InvalidObjectStoreRoutesError, ObjectNotFoundError } from '../errors.js';
import { validateListPrefix } from '../keys.js';
import type { ListObjectsOptions, ObjectBody, ObjectCreatedListener, ObjectInfo, ObjectListPage, ObjectStore, PutObjectOptions } from '../object-store.js';
import { mergedListPage, type ListingSource } from './merged-listing.js';

export interface ObjectStoreRoute {
  /** A folder-like key prefix, e.g. "raw/": its keys live in `store`. Routes' prefixes must not contain one another. */
  readonly prefix: string;
  readonly store: ObjectStore;
}

export interface PrefixRoutedObjectStoreOptions {
  /** Where every key outside the routes lives; its URI is this store's. */
  readonly fallback: ObjectStore;
  readonly routes: readonly ObjectStoreRoute[];
  /** Objects a listing that spans several stores reads from each at a time (S3's maximum by default). */
  readonly sourcePageSize?: number;
}

/**
 * Routes each key to one store by its prefix. A store's keys outside its part (a raw/ object in the fallback, a
 * bronze/ one in the raw store) are not seen through this store. It owns the stores it is given: close() closes each.
 */
export class PrefixRoutedObjectStore extends BaseObjectStore {
  readonly uri: string;
  private readonly fallback: ObjectStore;
  private readonly routes: readonly ObjectStoreRoute[];
  private readonly sourcePageSize: number;

  constructor(options: PrefixRoutedObjectStoreOptions) {
    super();
    this.fallback = options.fallback;
    this.routes = options.routes;
    this.uri = options.fallback.uri;
    this.sourcePageSize = this.pageSize({ pageSize: options.sourcePageSize });
    for (const route of this.routes) {
      if (!route.prefix.endsWith('/')) throw new InvalidObjectStoreRoutesError(this.uri, `route prefix ${JSON.stringify(route.prefix)} does not end with "/"`);
      validateListPrefix(route.prefix);
      const overlapping = this.routes.find((other) => other !== route && route.prefix.startsWith(other.prefix));
      if (overlapping) throw new InvalidObjectStoreRoutesError(this.uri, `route prefixes ${JSON.stringify(overlapping.prefix)} and ${JSON.stringify(route.prefix)} overlap`);
    }
  }

  put(key: string, body: ObjectBody, options?: PutObjectOptions): Promise<ObjectInfo> {
    return this.storeOf(key).put(key, body, options);
  }

  async get(key: string): Promise<Readable> {
    const route = this.routeOf(key);
    try {
      return await (route?.store ?? this.fallback).get(key);
    } catch (error) {
      // Named as this store, so the message also says where its routed keys are.
      if (route !== undefined && error instanceof ObjectNotFoundError) throw new ObjectNotFoundError(key, `${this.uri} (its ${route.prefix} keys in ${route.store.uri})`);
      throw error;
    }
  }

  head(key: string): Promise<ObjectInfo | undefined> {
    return this.storeOf(key).head(key);
  }

  delete(key: string): Promise<void> {
    return this.storeOf(key).delete(key);
  }

  /** Within one route's prefix, or clear of them all, one store lists; otherwise the stores' listings merge. */
  async list(prefix: string, options: ListObjectsOptions = {}): Promise<ObjectListPage> {
    validateListPrefix(prefix);
    const pageSize = this.pageSize(options);
    const within = this.routeOf(prefix);
    if (within !== undefined) return within.store.list(prefix, options);
    const crossed = this.routes.filter((route) => route.prefix.startsWith(prefix));
    if (crossed.length === 0) return this.fallback.list(prefix, options);
    const sources: ListingSource[] = [
      { store: this.fallback, prefix, shows: (key) => this.routeOf(key) === undefined },
      ...crossed.map((route) => ({ store: route.store, prefix: route.prefix, shows: () => true })),
    ];
    return mergedListPage(sources, { prefix, pageSize, sourcePageSize: this.sourcePageSize, continuationToken: options.continuationToken, storeUri: this.uri });
  }

  /** Each store's events for the keys it holds for this store. */
  onObjectCreated(listener: ObjectCreatedListener): () => void {
    const unsubscribes = this.stores().map((store) =>
      store.onObjectCreated((event) => {
        if (this.storeOf(event.key) === store) listener(event);
      }),
    );
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }

  async close(): Promise<void> {
    await Promise.all(this.stores().map((store) => store.close()));
  }

  private routeOf(key: string): ObjectStoreRoute | undefined {
    return this.routes.find((route) => key.startsWith(route.prefix));
  }

  private storeOf(key: string): ObjectStore {
    return this.routeOf(key)?.store ?? this.fallback;
  }

  /** Every store once, though several routes may share one. */
  private stores(): ObjectStore[] {
    return [...new Set([this.fallback, ...this.routes.map((route) => route.store)])];
  }
}
