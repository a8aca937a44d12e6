import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidListOptionsError, InvalidObjectKeyError, ObjectKeyConflictError, ObjectNotFoundError } from '../errors.js';
import type { ObjectCreatedEvent } from '../object-store.js';
import { openObjectStore } from '../open-object-store.js';
import { describeObjectStoreContract } from '../testing.js';
import { FileObjectStore } from './file-object-store.js';

describeObjectStoreContract('FileObjectStore', async () => {
  const root = await mkdtemp(join(tmpdir(), 'file-store-contract-'));
  const store = openObjectStore(pathToFileURL(root).href);
  return {
    store,
    dispose: async () => {
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

const md5Hex = (text: string) => createHash('md5').update(text).digest('hex');

describe('FileObjectStore', () => {
  let root: string;
  let store: FileObjectStore;
  const tmpFolder = () => join(root, '.objectstore', 'tmp');
  const listedKeys = async (prefix = '') => (await store.list(prefix)).objects.map((object) => object.key);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'file-store-'));
    store = new FileObjectStore(root);
  });
  afterEach(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('shows no part of an object while its stream is being written, and never lists the temp file', async () => {
    const body = new PassThrough();
    const put = store.put('raw/slow.bin', body);
    for (let chunk = 1; chunk <= 4; chunk++) {
      body.write(Buffer.alloc(64 * 1024, chunk));
      // The bytes are on disk in the temp file: the write is really under way.
      await vi.waitFor(async () => {
        const [temp] = await readdir(tmpFolder());
        expect((await stat(join(tmpFolder(), temp ?? ''))).size).toBe(chunk * 64 * 1024);
      });
      expect(await store.head('raw/slow.bin')).toBeUndefined();
      await expect(store.get('raw/slow.bin')).rejects.toBeInstanceOf(ObjectNotFoundError);
      expect(await listedKeys()).toEqual([]);
    }
    body.end();
    expect(await put).toMatchObject({ key: 'raw/slow.bin', size: 4 * 64 * 1024 });
    expect(await listedKeys()).toEqual(['raw/slow.bin']);
    expect(await readdir(tmpFolder())).toEqual([]);
  });

  it('leaves no temp file or sidecar behind when the stream fails', async () => {
    const failing = new PassThrough();
    failing.write(Buffer.alloc(1024));
    setTimeout(() => failing.destroy(new Error('connection reset by the source')), 20);

    await expect(store.put('raw/broken.bin', failing)).rejects.toThrow('connection reset by the source');
    expect(await readdir(tmpFolder())).toEqual([]);
    expect(existsSync(join(root, '.objectstore', 'meta'))).toBe(false);
  });

  it('keeps one sidecar per object, replaced on overwrite and removed (with emptied folders) on delete', async () => {
    const metaFolder = join(root, '.objectstore', 'meta', 'raw', 'review');
    await store.put('raw/review/a.gz', 'one', { metadata: { n: '1' } });
    await store.put('raw/review/a.gz', 'two', { metadata: { n: '2' } });
    expect(await readdir(metaFolder)).toEqual([expect.stringMatching(/^a\.gz\.\d+\.json$/)]);

    await store.delete('raw/review/a.gz');
    expect(existsSync(join(root, '.objectstore', 'meta', 'raw'))).toBe(false);
    expect(existsSync(join(root, 'raw'))).toBe(false);
  });

  it('lets a reader that opened an object before an overwrite read the old version whole', async () => {
    const old = Buffer.alloc(2 * 1024 * 1024, 'a');
    await store.put('raw/doc', old);
    const reader = await store.get('raw/doc');
    await store.put('raw/doc', 'new');

    const chunks: Buffer[] = [];
    for await (const chunk of reader) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(old)).toBe(true);
    expect((await store.getBytes('raw/doc')).toString()).toBe('new');
  });

  it('reserves its .objectstore folder: keys in it are rejected, and listing skips it', async () => {
    await store.put('raw/a', 'x', { metadata: { kept: 'in a sidecar' } });
    await expect(store.put('.objectstore/tmp/x', 'x')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store.get('.objectstore/meta/raw/a')).rejects.toThrow('reserved');
    expect(await listedKeys()).toEqual(['raw/a']);
  });

  it('refuses a key that is also a folder of other keys, and accepts it once that folder is emptied', async () => {
    await store.put('raw/review/a.gz', 'x');
    const conflict = store.put('raw/review', 'y');
    await expect(conflict).rejects.toBeInstanceOf(ObjectKeyConflictError);
    await expect(conflict).rejects.toThrow(`"raw/review" in ${store.uri}`);
    await expect(store.put('raw/review/a.gz/b', 'y')).rejects.toBeInstanceOf(ObjectKeyConflictError);

    await store.delete('raw/review/a.gz');
    expect(await store.put('raw/review', 'y')).toMatchObject({ key: 'raw/review', size: 1 });
    expect(await listedKeys()).toEqual(['raw/review']);
  });

  it('describes files written by other tools from their bytes, and ignores the sidecar of a file replaced behind its back', async () => {
    await mkdir(join(root, 'raw'), { recursive: true });
    await writeFile(join(root, 'raw', 'external.csv'), 'a,b\n');
    expect(await store.head('raw/external.csv')).toMatchObject({
      etag: md5Hex('a,b\n'),
      size: 4,
      contentType: 'application/octet-stream',
      metadata: {},
    });

    await store.put('raw/doc', 'from the store', { contentType: 'text/plain', metadata: { origin: 'store' } });
    await writeFile(join(root, 'raw', 'replacement'), 'from elsewhere');
    await rename(join(root, 'raw', 'replacement'), join(root, 'raw', 'doc'));
    expect(await store.head('raw/doc')).toMatchObject({ etag: md5Hex('from elsewhere'), metadata: {} });
    expect((await store.list('raw/doc')).objects[0]?.etag).toBe(md5Hex('from elsewhere'));
  });

  it('fires ObjectCreated once the object is in place, within put(), until unsubscribed', async () => {
    const events: ObjectCreatedEvent[] = [];
    const unsubscribe = store.onObjectCreated((event) => {
      expect(existsSync(join(root, ...event.key.split('/')))).toBe(true);
      events.push(event);
    });
    const info = await store.put('raw/review/a.gz', 'review');
    expect(events).toEqual([{ key: 'raw/review/a.gz', size: 6, etag: info.etag, eventTime: info.lastModified, source: 'file' }]);

    unsubscribe();
    await store.put('raw/review/b.gz', 'review');
    expect(events).toHaveLength(1);
  });

  it('pages in UTF-8 byte order, including names that sort around a folder and characters beyond U+FFFF', async () => {
    // "-" < "." < "/" < "0" byte-wise, so the folder k/a/ sits between k/a.b and k/a0.
    const ordered = ['k/a-b', 'k/a.b', 'k/a/x', 'k/a/y', 'k/a0', 'k/\uFF61', 'k/\u{1F37A}'];
    for (const key of [...ordered].reverse()) await store.put(key, key);
    for (const pageSize of [1, 2, 3]) {
      const keys: string[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await store.list('k/', { pageSize, continuationToken });
        keys.push(...page.objects.map((object) => object.key));
        continuationToken = page.continuationToken;
      } while (continuationToken !== undefined);
      expect(keys, `pageSize ${pageSize}`).toEqual(ordered);
    }
  });

  it('rejects a continuation token of another prefix, or not issued by a store, saying what to do', async () => {
    for (const key of ['raw/1', 'raw/2', 'raw/3']) await store.put(key, key);
    const { continuationToken } = await store.list('raw/', { pageSize: 1 });
    await expect(store.list('bronze/', { pageSize: 1, continuationToken })).rejects.toThrow('prefix "raw/"');
    await expect(store.list('raw/', { continuationToken: 'forged' })).rejects.toBeInstanceOf(InvalidListOptionsError);
  });

  it('lists nothing, and deletes harmlessly, when the root folder does not exist yet', async () => {
    const absent = new FileObjectStore(join(root, 'not-yet'));
    expect((await absent.list('')).objects).toEqual([]);
    await absent.delete('raw/a');
    expect(await absent.head('raw/a')).toBeUndefined();
  });
});
