// The ObjectStore contract as vitest tests: every adapter runs this one suite, so they cannot drift apart.
import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidListOptionsError, InvalidObjectKeyError, InvalidObjectMetadataError, ObjectNotFoundError } from './errors.js';
import type { ObjectCreatedEvent, ObjectCreatedListener, ObjectStore, PutObjectOptions } from './object-store.js';

/** A fresh, empty store for one test, and how to observe it and clean it up. */
export interface ObjectStoreFixture {
  readonly store: ObjectStore;
  /**
   * Subscribes to the store's ObjectCreated events; store.onObjectCreated by default. For S3, pass a bridge from the
   * server's event notifications through parseS3EventNotification(). Events may arrive after put() resolves.
   */
  readonly observeObjectCreated?: (listener: ObjectCreatedListener) => () => void;
  dispose(): Promise<void>;
}

const MiB = 1024 * 1024;

export function describeObjectStoreContract(name: string, open: () => Promise<ObjectStoreFixture>): void {
  describe(`${name} honours the ObjectStore contract`, () => {
    let fixture: ObjectStoreFixture;
    let store: ObjectStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('round-trips Buffers, Uint8Arrays and strings (as UTF-8), with the MD5 hex of the bytes as etag', async () => {
      const bodies = { 'raw/buffer.bin': Buffer.from([0, 1, 2, 255]), 'raw/array.bin': new Uint8Array([9, 8, 7]), 'raw/text.txt': 'Bière 🍺 ok' };
      for (const [key, body] of Object.entries(bodies)) {
        const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
        const info = await store.put(key, body);
        expect(info).toMatchObject({ key, size: bytes.length, etag: md5Hex(bytes) });
        expect(await store.getBytes(key)).toEqual(bytes);
      }
    });

    it('streams a 20 MB body in and back out without changing a byte', { timeout: 120_000 }, async () => {
      const body = generatedStream(20 * MiB);
      const info = await store.put('raw/big/stream.bin', body.stream);
      expect(info.size).toBe(20 * MiB);

      const readBack = createHash('sha256');
      let size = 0;
      const stream = await store.get('raw/big/stream.bin');
      expect(stream).toBeInstanceOf(Readable);
      for await (const chunk of stream) {
        readBack.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      expect(size).toBe(20 * MiB);
      expect(readBack.digest('hex')).toBe(body.sha256());
    });

    it('stores nothing when the stream fails, and rejects with its error', async () => {
      const failing = new PassThrough();
      failing.write(Buffer.alloc(1024));
      // Fails before the store can have started reading: the error must still reach put(), not crash the process.
      setImmediate(() => failing.destroy(new Error('connection reset by the source')));
      await expect(store.put('raw/broken.bin', failing)).rejects.toThrow('connection reset by the source');

      const failingLate = new PassThrough();
      const put = store.put('raw/broken-late.bin', failingLate);
      failingLate.write(randomBytes(6 * MiB));
      setTimeout(() => failingLate.destroy(new Error('source went away')), 50);
      await expect(put).rejects.toThrow('source went away');

      expect(await store.head('raw/broken.bin')).toBeUndefined();
      expect(await store.head('raw/broken-late.bin')).toBeUndefined();
      expect((await store.list('')).objects).toEqual([]);
    });

    it('stores an empty object', async () => {
      expect(await store.put('raw/empty', '')).toMatchObject({ size: 0, etag: md5Hex(Buffer.alloc(0)) });
      expect(await store.getBytes('raw/empty')).toEqual(Buffer.alloc(0));
    });

    it('round-trips content type and metadata, and defaults the content type', async () => {
      const metadata = { source: 'review', 'ingest-date': '2024-01-01', 'batch_id': 'b-42' };
      const info = await store.put('raw/review/a.json.gz', 'x', { contentType: 'application/gzip', metadata });
      expect(info).toMatchObject({ contentType: 'application/gzip', metadata });
      expect(await store.head('raw/review/a.json.gz')).toEqual(info);

      await store.put('raw/plain', 'x');
      expect(await store.head('raw/plain')).toMatchObject({ contentType: 'application/octet-stream', metadata: {} });
    });

    it('rejects metadata that S3 would not round-trip unchanged, naming the key', async () => {
      const rejected: PutObjectOptions[] = [{ metadata: { Source: 'x' } }, { metadata: { source: 'Bière' } }, { contentType: 'text/plain\n' }];
      for (const options of rejected) {
        const put = store.put('raw/meta.txt', 'x', options);
        await expect(put).rejects.toBeInstanceOf(InvalidObjectMetadataError);
        await expect(put).rejects.toThrow('"raw/meta.txt"');
      }
      expect(await store.head('raw/meta.txt')).toBeUndefined();
    });

    it('gives equal content equal etags and different content different etags', async () => {
      const a = await store.put('raw/a.txt', 'same bytes');
      const b = await store.put('bronze/b.txt', Buffer.from('same bytes'));
      const c = await store.put('raw/c.txt', 'other bytes');
      expect(a.etag).toBe(b.etag);
      expect(c.etag).not.toBe(a.etag);
      expect((await store.head('raw/a.txt'))?.etag).toBe(a.etag);
    });

    it('reports a missing object: head gives undefined, get and getBytes throw ObjectNotFoundError naming key and store', async () => {
      expect(await store.head('raw/missing.gz')).toBeUndefined();
      for (const read of [() => store.get('raw/missing.gz'), () => store.getBytes('raw/missing.gz')]) {
        const error = await read().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(ObjectNotFoundError);
        expect((error as Error).message).toContain('"raw/missing.gz"');
        expect((error as Error).message).toContain(store.uri);
      }
    });

    it('replaces an object on overwrite: bytes, etag and metadata', async () => {
      const first = await store.put('raw/over.txt', 'first', { metadata: { version: '1' } });
      const second = await store.put('raw/over.txt', 'second version', { contentType: 'text/plain', metadata: { version: '2' } });
      expect(second.etag).not.toBe(first.etag);
      expect((await store.getBytes('raw/over.txt')).toString()).toBe('second version');
      expect(await store.head('raw/over.txt')).toEqual(second);
      expect((await store.list('raw/')).objects.map((object) => object.key)).toEqual(['raw/over.txt']);
    });

    it('deletes objects, and deleting a missing one is harmless', async () => {
      await store.put('raw/gone.txt', 'x');
      await store.put('raw/kept.txt', 'y');
      await store.delete('raw/gone.txt');
      await store.delete('raw/gone.txt');
      await store.delete('raw/never-there.txt');
      expect(await store.head('raw/gone.txt')).toBeUndefined();
      expect((await store.list('')).objects.map((object) => object.key)).toEqual(['raw/kept.txt']);
    });

    it('lists by prefix, keys in order, with size, etag and date', async () => {
      const keys = ['raw/review/b.gz', 'bronze/beer/y.parquet', 'raw/beer/x.gz', 'raw/review/a.gz', 'bronze/review/z.parquet'];
      for (const key of keys) await store.put(key, key);
      const keysOf = async (prefix: string) => (await store.list(prefix)).objects.map((object) => object.key);

      expect(await keysOf('')).toEqual([...keys].sort());
      expect(await keysOf('raw/')).toEqual(['raw/beer/x.gz', 'raw/review/a.gz', 'raw/review/b.gz']);
      expect(await keysOf('raw/review/')).toEqual(['raw/review/a.gz', 'raw/review/b.gz']);
      expect(await keysOf('raw/rev')).toEqual(['raw/review/a.gz', 'raw/review/b.gz']);
      expect(await keysOf('silver/')).toEqual([]);

      const [first] = (await store.list('raw/beer/')).objects;
      expect(first).toEqual({ key: 'raw/beer/x.gz', size: 13, etag: md5Hex(Buffer.from('raw/beer/x.gz')), lastModified: expect.any(Date) });
    });

    it('pages through a listing: pageSize 2 over 5 keys gives every key once, in order; listAll walks all pages', async () => {
      const keys = ['raw/p/1', 'raw/p/2', 'raw/p/3', 'raw/p/4', 'raw/p/5'];
      for (const key of keys) await store.put(key, key);
      await store.put('raw/q/outside', 'x');

      const pages: string[][] = [];
      let continuationToken: string | undefined;
      do {
        const page = await store.list('raw/p/', { pageSize: 2, continuationToken });
        pages.push(page.objects.map((object) => object.key));
        continuationToken = page.continuationToken;
      } while (continuationToken !== undefined);
      expect(pages).toEqual([['raw/p/1', 'raw/p/2'], ['raw/p/3', 'raw/p/4'], ['raw/p/5']]);

      const all: string[] = [];
      for await (const object of store.listAll('raw/')) all.push(object.key);
      expect(all).toEqual([...keys, 'raw/q/outside']);
    });

    it('rejects page sizes S3 would not accept', async () => {
      for (const pageSize of [0, 1001, 2.5]) {
        await expect(store.list('', { pageSize })).rejects.toBeInstanceOf(InvalidListOptionsError);
      }
    });

    it('handles keys with spaces and "="', async () => {
      const key = 'bronze/review/ingest_date=2024-01-01/part 1.parquet';
      const info = await store.put(key, 'parquet bytes');
      expect(info.key).toBe(key);
      expect((await store.getBytes(key)).toString()).toBe('parquet bytes');
      expect(await store.head(key)).toEqual(info);
      expect((await store.list('bronze/review/ingest_date=2024-01-01/')).objects.map((object) => object.key)).toEqual([key]);
    });

    it('orders keys by their UTF-8 bytes, as S3 does, not by UTF-16 code units', async () => {
      // U+FF61 is EF BD A1 in UTF-8 and sorts before the emoji (F0 …), though its UTF-16 unit FF61 sorts after D83C.
      const keys = ['utf8/\u{1F37A}', 'utf8/z', 'utf8/\uFF61'];
      for (const key of keys) await store.put(key, key);
      expect((await store.list('utf8/')).objects.map((object) => object.key)).toEqual(['utf8/z', 'utf8/\uFF61', 'utf8/\u{1F37A}']);
    });

    it('rejects keys that are not clean relative paths in every operation, naming the key', async () => {
      const invalid = ['', '/raw/a', 'raw//a', 'raw/a/', 'raw/../a', '..', './a', 'raw\\a', 'raw/a\u0000', 'k'.repeat(1025)];
      for (const key of invalid) {
        for (const operation of [() => store.put(key, 'x'), () => store.get(key), () => store.head(key), () => store.delete(key)]) {
          const error = await operation().catch((caught: unknown) => caught);
          expect(error, JSON.stringify(key)).toBeInstanceOf(InvalidObjectKeyError);
          expect((error as InvalidObjectKeyError).key).toBe(key);
        }
      }
      await expect(store.list('/raw')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      expect((await store.list('')).objects).toEqual([]);
    });

    it('emits one ObjectCreated event per put, with its key, size and etag', { timeout: 30_000 }, async () => {
      const events: ObjectCreatedEvent[] = [];
      const observe = fixture.observeObjectCreated ?? ((listener: ObjectCreatedListener) => store.onObjectCreated(listener));
      const unsubscribe = observe((event) => events.push(event));
      try {
        const puts = [
          await store.put('raw/review/ingest_date=2024-01-01/part 1.json', '{"a":1}'),
          await store.put('raw/review/ingest_date=2024-01-01/part 1.json', '{"a":2}'),
          // Over one part: S3 completes this as a multipart upload (ObjectCreated:Post, not Put).
          await store.put('raw/big.bin', randomBytes(6 * MiB)),
        ];
        await vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(puts.length), { timeout: 10_000 });
        expect(events.map(({ key, size, etag }) => ({ key, size, etag }))).toEqual(puts.map(({ key, size, etag }) => ({ key, size, etag })));
        for (const event of events) expect(event.eventTime).toBeInstanceOf(Date);
      } finally {
        unsubscribe();
      }
    });
  });
}

function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** `size` random bytes made a MiB at a time as they are read, hashed on the way so nothing has to be kept. */
function generatedStream(size: number): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  async function* chunks() {
    for (let produced = 0; produced < size; produced += MiB) {
      const chunk = randomBytes(Math.min(MiB, size - produced));
      hash.update(chunk);
      yield chunk;
    }
  }
  return { stream: Readable.from(chunks()), sha256: () => hash.digest('hex') };
}
