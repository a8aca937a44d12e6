import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EmbeddedServiceStartError } from './errors.js';
import { spawnS3rverChild, startEmbeddedS3, type EmbeddedS3Server } from './s3.js';
import { isProcessAlive, probeEndpoint } from './test-helpers.js';

function clientFor(server: EmbeddedS3Server): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    credentials: server.credentials,
    forcePathStyle: server.forcePathStyle,
  });
}

interface S3Record {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
}

describe('startEmbeddedS3', () => {
  let directory: string;
  let server: EmbeddedS3Server;
  let client: S3Client;
  const records: S3Record[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'embedded-s3-'));
    server = await startEmbeddedS3({ directory, buckets: ['lake', 'landing'] });
    server.events.on('event', (notification) => records.push(...(notification as { Records: S3Record[] }).Records));
    client = clientFor(server);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('serves the S3 API to the real SDK, including truncated ListObjectsV2 pages with continuation tokens', async () => {
    const keys = ['p/1', 'p/2', 'p/3', 'p/4', 'p/5'];
    for (const key of keys) await client.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: key }));

    const listed: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: 'p/', MaxKeys: 2, ContinuationToken }));
      listed.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(listed).toEqual(keys);

    const object = await client.send(new GetObjectCommand({ Bucket: 'lake', Key: 'p/3' }));
    expect(await object.Body?.transformToString()).toBe('p/3');
  });

  it('forwards s3rver event records for puts, multipart uploads and deletes', async () => {
    records.length = 0;
    await client.send(new PutObjectCommand({ Bucket: 'landing', Key: 'raw/a b=1.json', Body: 'hello' }));
    const multipart = Buffer.alloc(6 * 1024 * 1024, 1);
    await new Upload({ client, params: { Bucket: 'landing', Key: 'raw/big.bin', Body: multipart } }).done();
    await client.send(new DeleteObjectCommand({ Bucket: 'landing', Key: 'raw/a b=1.json' }));

    await vi.waitFor(() => expect(records).toHaveLength(3), { timeout: 5_000 });
    expect(records.map(({ eventName, s3 }) => [eventName, s3.bucket.name, s3.object.key, s3.object.size])).toEqual([
      ['ObjectCreated:Put', 'landing', 'raw/a b=1.json', 5],
      ['ObjectCreated:Post', 'landing', 'raw/big.bin', multipart.length],
      ['ObjectRemoved:Delete', 'landing', 'raw/a b=1.json', undefined],
    ]);
    expect(records[0]?.s3.object.eTag).toBe('5d41402abc4b2a76b9719d911017c592');
  });
});

describe('the s3rver process', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'embedded-s3-process-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('is gone after stop(), which is harmless to call twice', async () => {
    const server = await startEmbeddedS3({ directory, buckets: ['lake'] });
    expect(isProcessAlive(server.pid)).toBe(true);
    await server.stop();
    await server.stop();
    expect(isProcessAlive(server.pid)).toBe(false);
    expect(await probeEndpoint(server.endpoint)).toBe('ECONNREFUSED');
  });

  it('exits on SIGTERM, after which stop() still resolves', async () => {
    const server = await startEmbeddedS3({ directory, buckets: ['lake'] });
    try {
      process.kill(server.pid, 'SIGTERM');
      await vi.waitFor(() => expect(isProcessAlive(server.pid)).toBe(false), { timeout: 5_000 });
    } finally {
      await server.stop();
    }
    expect(await probeEndpoint(server.endpoint)).toBe('ECONNREFUSED');
  });

  it('exits when its stdin closes, which is what happens when the parent process dies', async () => {
    const child = spawnS3rverChild({ directory, buckets: ['lake'] });
    const exited = once(child, 'exit');
    try {
      const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      expect(JSON.parse(firstLine)).toMatchObject({ type: 'ready', pid: child.pid });
      child.stdin.end();
      expect(await exited).toEqual([0, null]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('reports a start failure with the directory and the s3rver error', async () => {
    const notAFolder = join(directory, 'a-file');
    await writeFile(notAFolder, '');
    const start = startEmbeddedS3({ directory: join(notAFolder, 's3'), buckets: ['lake'] });
    await expect(start).rejects.toBeInstanceOf(EmbeddedServiceStartError);
    await expect(start).rejects.toThrow(`directory ${join(notAFolder, 's3')}`);
    await expect(start).rejects.toThrow('ENOTDIR');
  });
});
