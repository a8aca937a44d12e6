import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { startEmbeddedS3, type EmbeddedS3Server } from '@datamaster/embedded-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedLocationError } from '../errors.js';
import { S3FileIO } from './s3-file-io.js';

let s3: EmbeddedS3Server;
let directory: string;
let io: S3FileIO;
const clientConfig = (): S3ClientConfig => ({ endpoint: s3.endpoint, region: s3.region, credentials: s3.credentials, forcePathStyle: s3.forcePathStyle });
const bytes = (text: string) => new TextEncoder().encode(text);

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'iceberg-s3-'));
  s3 = await startEmbeddedS3({ directory, buckets: ['lake'] });
  io = new S3FileIO(clientConfig());
});
afterAll(async () => {
  io?.close();
  await s3?.stop();
  await rm(directory, { recursive: true, force: true });
});

describe('S3FileIO on an embedded s3rver', () => {
  it('writes the object at the bucket and key of the location, and reads it back', async () => {
    await io.write('s3://lake/rw/gold.db/t/metadata/00000-a.metadata.json', bytes('{"format-version":2}'));
    expect(new TextDecoder().decode(await io.read('s3://lake/rw/gold.db/t/metadata/00000-a.metadata.json'))).toBe('{"format-version":2}');
    const client = new S3Client(clientConfig());
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'rw/gold.db/t/metadata/00000-a.metadata.json' }));
      expect(await object.Body?.transformToString()).toBe('{"format-version":2}');
    } finally {
      client.destroy();
    }
  });

  it('lists every object under a key prefix with size and modification time, sorted, in the scheme asked for', async () => {
    const before = Date.now() - 1_000;
    await io.write('s3://lake/list/t/data/b.parquet', bytes('bb'));
    await io.write('s3://lake/list/t/data/a=1/a.parquet', bytes('a'));
    await io.write('s3://lake/list/t/metadata/v.json', bytes('vvv'));
    await io.write('s3://lake/list/t2/data/other.parquet', bytes('x'));

    const listed = await io.list('s3://lake/list/t/');
    expect(listed.map((f) => [f.location, f.size])).toEqual([
      ['s3://lake/list/t/data/a=1/a.parquet', 1],
      ['s3://lake/list/t/data/b.parquet', 2],
      ['s3://lake/list/t/metadata/v.json', 3],
    ]);
    for (const file of listed) expect(file.lastModified.getTime()).toBeGreaterThanOrEqual(before);
    // A plain prefix, as in Iceberg's S3FileIO: without the slash the sibling table is listed too.
    expect((await io.list('s3://lake/list/t')).map((f) => f.location)).toContain('s3://lake/list/t2/data/other.parquet');
    expect((await io.list('s3a://lake/list/t/metadata/')).map((f) => f.location)).toEqual(['s3a://lake/list/t/metadata/v.json']);
    expect(await io.list('s3://lake/list/nothing-here/')).toEqual([]);
  });

  it('follows continuation tokens past the 1000 keys of one ListObjectsV2 page', async () => {
    const keys = Array.from({ length: 1_005 }, (_, i) => `s3://lake/paged/f${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 100) await Promise.all(keys.slice(i, i + 100).map((key) => io.write(key, bytes('1'))));
    const client = new S3Client(clientConfig());
    try {
      const firstPage = await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'paged/' }));
      expect([firstPage.IsTruncated, firstPage.KeyCount]).toEqual([true, 1_000]);
    } finally {
      client.destroy();
    }
    expect((await io.list('s3://lake/paged/')).map((f) => f.location)).toEqual(keys);
  }, 60_000);

  it('deletes objects, and deleting a missing one succeeds', async () => {
    await io.write('s3://lake/del/a', bytes('a'));
    await io.delete('s3://lake/del/a');
    await io.delete('s3://lake/del/never-written');
    expect(await io.list('s3://lake/del/')).toEqual([]);
  });

  it('rejects locations that are not s3:// objects with UnsupportedLocationError naming them', async () => {
    for (const location of ['file:///tmp/x', '/tmp/x', 'lake/key', 's3://', 's3://lake', 's3://lake/', 'gs://lake/key']) {
      const error = await io.read(location).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedLocationError);
      expect((error as Error).message).toContain(`location ${location} is not supported by S3FileIO; use s3://<bucket>/<key>`);
    }
    await expect(io.write('file:///tmp/x', bytes('x'))).rejects.toThrow(UnsupportedLocationError);
    await expect(io.delete('lake/key')).rejects.toThrow(UnsupportedLocationError);
    await expect(io.list('/tmp')).rejects.toThrow(UnsupportedLocationError);
  });

  it('uses an injected client and leaves it open on close()', async () => {
    const client = new S3Client(clientConfig());
    try {
      const injected = new S3FileIO(client);
      await injected.write('s3://lake/injected/a', bytes('a'));
      injected.close();
      expect(await (await client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'injected/a' }))).Body?.transformToString()).toBe('a');
    } finally {
      client.destroy();
    }
  });
});
