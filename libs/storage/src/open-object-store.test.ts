import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidObjectStoreUriError } from './errors.js';
import { FileObjectStore } from './file/file-object-store.js';
import { openObjectStore } from './open-object-store.js';
import { S3ObjectStore } from './s3/s3-object-store.js';

describe('openObjectStore', () => {
  const folder = join(tmpdir(), 'my lake');

  it('opens a FileObjectStore for a file:// URI or an absolute path', async () => {
    for (const uri of [pathToFileURL(folder).href, folder]) {
      const store = openObjectStore(uri);
      expect(store).toBeInstanceOf(FileObjectStore);
      expect(store.uri).toBe(pathToFileURL(folder).href);
      await store.close();
    }
  });

  it('opens an S3ObjectStore for s3://bucket[/prefix]', async () => {
    for (const [uri, normalized] of [
      ['s3://lake', 's3://lake'],
      ['s3://lake/', 's3://lake'],
      ['s3://lake/env/dev/', 's3://lake/env/dev'],
    ] as const) {
      const store = openObjectStore(uri, { s3: { region: 'eu-west-1' } });
      expect(store).toBeInstanceOf(S3ObjectStore);
      expect(store.uri).toBe(normalized);
      await store.close();
    }
  });

  it('rejects URIs it cannot open, naming the URI, the problem and the supported forms', () => {
    const cases: [string, string][] = [
      ['gs://lake/raw', 'the scheme "gs:" is not supported'],
      ['relative/lake', 'it is neither a URI nor an absolute path'],
      ['s3://', '"" is not an S3 bucket name'],
      ['s3://Lake_Bucket/raw', '"Lake_Bucket" is not an S3 bucket name'],
      ['s3://lake/a//b', 'its prefix is not a clean relative path'],
      ['s3://lake/../b', 'its prefix is not a clean relative path'],
      ['file://remote-host/lake', 'it is not a local file URI'],
    ];
    for (const [uri, problem] of cases) {
      expect(() => openObjectStore(uri)).toThrow(InvalidObjectStoreUriError);
      expect(() => openObjectStore(uri)).toThrow(`Cannot open object store "${uri}": ${problem}`);
      expect(() => openObjectStore(uri)).toThrow('file:///absolute/path (or an absolute path) and s3://bucket[/prefix]');
    }
  });
});
