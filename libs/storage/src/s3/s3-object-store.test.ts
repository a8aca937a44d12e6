import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { startEmbeddedS3, type EmbeddedS3Server } from '@datamaster/embedded-services';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ObjectCreatedEvent } from '../object-store.js';
import { openObjectStore } from '../open-object-store.js';
import { describeObjectStoreContract } from '../testing.js';
import { parseS3EventNotification } from './s3-event-notification.js';
import { S3ObjectStore } from './s3-object-store.js';

let s3: EmbeddedS3Server;
let directory: string;
const clientConfig = (): S3ClientConfig => ({
  endpoint: s3.endpoint,
  region: s3.region,
  credentials: s3.credentials,
  forcePathStyle: s3.forcePathStyle,
});

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'storage-s3-'));
  s3 = await startEmbeddedS3({ directory, buckets: ['lake'] });
});
afterAll(async () => {
  await s3?.stop();
  await rm(directory, { recursive: true, force: true });
});

describeObjectStoreContract('S3ObjectStore on an embedded s3rver', async () => {
  // Each test gets its own prefix in the one bucket, which also proves prefixes isolate stores.
  const uri = `s3://lake/contract/${randomUUID()}`;
  const store = openObjectStore(uri, { s3: clientConfig() });
  return {
    store,
    observeObjectCreated: (listener) => {
      const forward = (notification: unknown): void => parseS3EventNotification(notification, uri).forEach((event) => listener(event));
      s3.events.on('event', forward);
      return () => s3.events.off('event', forward);
    },
    dispose: () => store.close(),
  };
});

describe('S3ObjectStore', () => {
  it('keeps keys under the URI prefix, in the bucket', async () => {
    const prefixed = new S3ObjectStore('s3://lake/tenant-a/lake/', clientConfig());
    const wholeBucket = new S3ObjectStore('s3://lake', clientConfig());
    try {
      expect(prefixed.uri).toBe('s3://lake/tenant-a/lake');
      await prefixed.put('raw/a.gz', 'x');
      expect((await wholeBucket.list('tenant-a/')).objects.map((object) => object.key)).toEqual(['tenant-a/lake/raw/a.gz']);
      expect((await prefixed.list('')).objects.map((object) => object.key)).toEqual(['raw/a.gz']);
    } finally {
      await Promise.all([prefixed.close(), wholeBucket.close()]);
    }
  });

  it('uses an injected client and leaves it open on close()', async () => {
    const client = new S3Client(clientConfig());
    try {
      const store = new S3ObjectStore('s3://lake/injected', client);
      await store.put('raw/a', 'x');
      await store.close();
      const head = await client.send(new HeadObjectCommand({ Bucket: 'lake', Key: 'injected/raw/a' }));
      expect(head.ContentLength).toBe(1);
    } finally {
      client.destroy();
    }
  });

  it('delivers no in-process events: they come from S3 notifications', async () => {
    const store = new S3ObjectStore('s3://lake/no-events', clientConfig());
    const listener = vi.fn();
    const unsubscribe = store.onObjectCreated(listener);
    await store.put('raw/a', 'x');
    unsubscribe();
    await store.close();
    expect(listener).not.toHaveBeenCalled();
  });

  it('has parseS3EventNotification read the records s3rver emits: Put and multipart Post, skipping Delete', async () => {
    const uri = 's3://lake/events';
    const store = new S3ObjectStore(uri, clientConfig());
    const records: unknown[] = [];
    const collect = (notification: unknown): void => void records.push(notification);
    s3.events.on('event', collect);
    try {
      // s3rver sends keys unencoded where S3 URL-encodes them; spaces and "=" decode to themselves either way.
      const small = await store.put('raw/review/ingest_date=2024-01-01/part 1.json', '{}');
      const large = await store.put('raw/large.bin', Buffer.alloc(6 * 1024 * 1024, 7));
      await store.delete('raw/large.bin');
      await vi.waitFor(() => expect(records).toHaveLength(3), { timeout: 5_000 });

      const names = records.map((notification) => (notification as { Records: { eventName: string }[] }).Records[0]?.eventName);
      expect(names).toEqual(['ObjectCreated:Put', 'ObjectCreated:Post', 'ObjectRemoved:Delete']);
      const events = records.flatMap((notification) => parseS3EventNotification(notification, uri));
      expect(events).toEqual<ObjectCreatedEvent[]>([
        { key: small.key, size: small.size, etag: small.etag, eventTime: expect.any(Date), source: 's3' },
        { key: large.key, size: large.size, etag: large.etag, eventTime: expect.any(Date), source: 's3' },
      ]);
    } finally {
      s3.events.off('event', collect);
      await store.close();
    }
  });
});
