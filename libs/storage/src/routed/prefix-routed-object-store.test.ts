import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedS3, type EmbeddedS3Server } from '@datamaster/embedded-services';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidListOptionsError, InvalidObjectStoreRoutesError, ObjectNotFoundError } from '../errors.js';
import type { ObjectStore } from '../object-store.js';
import { openObjectStore } from '../open-object-store.js';
import { parseS3EventNotification } from '../s3/s3-event-notification.js';
import { describeObjectStoreContract } from '../testing.js';
import { PrefixRoutedObjectStore } from './prefix-routed-object-store.js';

let s3: EmbeddedS3Server;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'storage-routed-'));
  s3 = await startEmbeddedS3({ directory: join(directory, 's3'), buckets: ['raw'] });
});
afterAll(async () => {
  await s3?.stop();
  await rm(directory, { recursive: true, force: true });
});

/** raw/ in a prefix of the embedded S3's raw bucket, everything else in a fresh folder: the layout on AWS, in small. */
function rawAndLake(): { rawUri: string; raw: ObjectStore; lake: ObjectStore } {
  const rawUri = `s3://raw/${randomUUID()}`;
  const raw = openObjectStore(rawUri, { s3: { endpoint: s3.endpoint, region: s3.region, credentials: s3.credentials, forcePathStyle: s3.forcePathStyle } });
  return { rawUri, raw, lake: openObjectStore(join(directory, 'lake', randomUUID())) };
}

describeObjectStoreContract('PrefixRoutedObjectStore (raw/ on an embedded S3, the rest in a folder)', async () => {
  const { rawUri, raw, lake } = rawAndLake();
  const store = new PrefixRoutedObjectStore({ fallback: lake, routes: [{ prefix: 'raw/', store: raw }] });
  return {
    store,
    // The folder's events come in-process; the bucket's from S3 notifications, as on AWS.
    observeObjectCreated: (listener) => {
      const unsubscribe = store.onObjectCreated(listener);
      const forward = (notification: unknown): void => parseS3EventNotification(notification, rawUri).forEach((event) => listener(event));
      s3.events.on('event', forward);
      return () => {
        unsubscribe();
        s3.events.off('event', forward);
      };
    },
    dispose: () => store.close(),
  };
});

describe('PrefixRoutedObjectStore', () => {
  let raw: ObjectStore;
  let lake: ObjectStore;
  let rawUri: string;
  beforeEach(() => void ({ raw, lake, rawUri } = rawAndLake()));
  afterEach(async () => {
    await raw.close();
    await lake.close();
  });
  const keysOf = async (store: ObjectStore, prefix = '') => (await store.list(prefix)).objects.map((object) => object.key);

  it('keeps each key in the store of its route, and every other key in the fallback', async () => {
    const store = new PrefixRoutedObjectStore({ fallback: lake, routes: [{ prefix: 'raw/', store: raw }, { prefix: 'errors/', store: raw }] });
    for (const key of ['raw/review/a.csv.gz', 'errors/processing-failed/x', 'bronze/review/a.parquet', 'rawish/b']) await store.put(key, key);
    expect(await keysOf(raw)).toEqual(['errors/processing-failed/x', 'raw/review/a.csv.gz']);
    expect(await keysOf(lake)).toEqual(['bronze/review/a.parquet', 'rawish/b']);
    expect(await keysOf(store)).toEqual(['bronze/review/a.parquet', 'errors/processing-failed/x', 'raw/review/a.csv.gz', 'rawish/b']);
    expect(await keysOf(store, 'raw')).toEqual(['raw/review/a.csv.gz', 'rawish/b']);
    expect((await store.getBytes('raw/review/a.csv.gz')).toString()).toBe('raw/review/a.csv.gz');
    await store.delete('raw/review/a.csv.gz');
    expect(await raw.head('raw/review/a.csv.gz')).toBeUndefined();
  });

  it("does not show a store's keys outside its part", async () => {
    await lake.put('raw/stray-in-lake', 'x');
    await raw.put('bronze/stray-in-raw', 'x');
    await raw.put('raw/a', 'x');
    await lake.put('bronze/b', 'x');
    const store = new PrefixRoutedObjectStore({ fallback: lake, routes: [{ prefix: 'raw/', store: raw }] });
    expect(await keysOf(store)).toEqual(['bronze/b', 'raw/a']);
    expect(await store.head('raw/stray-in-lake')).toBeUndefined();
    expect(await store.head('bronze/stray-in-raw')).toBeUndefined();
  });

  it('pages through a listing that spans the stores, reading each a few objects at a time', async () => {
    const store = new PrefixRoutedObjectStore({ fallback: lake, routes: [{ prefix: 'r/', store: raw }], sourcePageSize: 2 });
    for (const key of ['a/1', 'q/1', 'q/2', 's/1', 's/2']) await store.put(key, key);
    for (const key of ['r/1', 'r/2', 'r/3']) await store.put(key, key);
    await lake.put('r/hidden', 'x');
    const pages: string[][] = [];
    let continuationToken: string | undefined;
    do {
      const page = await store.list('', { pageSize: 3, continuationToken });
      pages.push(page.objects.map((object) => object.key));
      continuationToken = page.continuationToken;
    } while (continuationToken !== undefined);
    expect(pages).toEqual([['a/1', 'q/1', 'q/2'], ['r/1', 'r/2', 'r/3'], ['s/1', 's/2']]);
    const all: string[] = [];
    for await (const object of store.listAll('')) all.push(object.key);
    expect(all).toEqual(pages.flat());
  });

  it("refuses a token of another listing, and one it did not issue", async () => {
    const store = new PrefixRoutedObjectStore({ fallback: lake, routes: [{ prefix: 'r/', store: raw }] });
    for (const key of ['a/1', 'r/1', 'r/2']) await store.put(key, key);
    const { continuationToken } = await store.list('', { pageSize: 1 });
    expect(continuationToken).toBeDefined();
    await expect(store.list('', { continuationToken: 'nonsense' })).rejects.toThrow(InvalidListOptionsError);
    await expect(store.list('', { continuationToken: 'nonsense' })).rejects.toThrow(`was not issued by ${store.uri}`);
  });

  it('names where a routed key was looked for when it is missing', async () => {
    const store = new PrefixRoutedObjectStore({ fallback: lake, routes: [{ prefix: 'raw/', store: raw }] });
    const error = await store.get('raw/missing.gz').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect((error as Error).message).toContain(`No object "raw/missing.gz" in ${lake.uri} (its raw/ keys in ${rawUri})`);
  });

  it('refuses routes that could not say where a key lives', () => {
    const routes = (...prefixes: string[]) => prefixes.map((prefix) => ({ prefix, store: raw }));
    expect(() => new PrefixRoutedObjectStore({ fallback: lake, routes: routes('raw') })).toThrow(InvalidObjectStoreRoutesError);
    expect(() => new PrefixRoutedObjectStore({ fallback: lake, routes: routes('raw') })).toThrow('route prefix "raw" does not end with "/"');
    expect(() => new PrefixRoutedObjectStore({ fallback: lake, routes: routes('raw/', 'raw/review/') })).toThrow('route prefixes "raw/" and "raw/review/" overlap');
    expect(() => new PrefixRoutedObjectStore({ fallback: lake, routes: routes('/raw/') })).toThrow('it is absolute');
  });

  it('closes each store once, though routes share it', async () => {
    const closes = [vi.spyOn(raw, 'close'), vi.spyOn(lake, 'close')];
    await new PrefixRoutedObjectStore({ fallback: lake, routes: [{ prefix: 'raw/', store: raw }, { prefix: 'errors/', store: raw }] }).close();
    for (const close of closes) expect(close).toHaveBeenCalledTimes(1);
  });
});
