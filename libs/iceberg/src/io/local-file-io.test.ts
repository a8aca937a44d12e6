import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedLocationError } from '../errors.js';
import { LocalFileIO, localLocation } from './local-file-io.js';

const io = new LocalFileIO();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iceberg-io-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LocalFileIO.list', () => {
  it('lists every file under the prefix recursively, sorted, with its size and modification time', async () => {
    const root = localLocation(join(dir, 't'));
    await io.write(`${root}/metadata/b.json`, new Uint8Array(3));
    await io.write(`${root}/data/x=1/a.parquet`, new Uint8Array(10));
    await io.write(`${root}2/data/other.parquet`, new Uint8Array(1));
    const old = new Date('2024-01-02T03:04:05Z');
    await utimes(join(dir, 't', 'metadata', 'b.json'), old, old);

    const listed = await io.list(`${root}/`);

    expect(listed.map((f) => [f.location, f.size])).toEqual([
      [`${root}/data/x=1/a.parquet`, 10],
      [`${root}/metadata/b.json`, 3],
    ]);
    expect(listed[1]?.lastModified.getTime()).toBe(old.getTime());
    expect(Date.now() - (listed[0]?.lastModified.getTime() ?? 0)).toBeLessThan(60_000);
  });

  it('lists nothing under a missing prefix and refuses a location it cannot address', async () => {
    expect(await io.list(localLocation(join(dir, 'missing')))).toEqual([]);
    await expect(io.list('s3://bucket/t')).rejects.toThrow(UnsupportedLocationError);
  });
});
