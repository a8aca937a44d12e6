import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { putBatchExtract } from './put-batch-extract.js';
import { tableOfRawKey } from '@datamaster/lake-contract';
import { UnknownRawFormatError, UnknownSourceTableError } from './raw-objects.js';

let dir: string;
let store: ObjectStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'batch-extract-'));
  store = openObjectStore(join(dir, 'lake'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function extract(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, gzipSync(text));
  return path;
}

describe('putBatchExtract', () => {
  it('lands the extract under raw/<table>/ with its format and extract time declared', async () => {
    const file = extract('review.csv.gz', 'review_id\n1\n');
    const result = await putBatchExtract({ store, file, table: 'review', extractedAt: new Date('2026-01-02T03:04:05Z') });
    expect(result).toMatchObject({ format: 'csv', created: true });
    expect(result.key).toMatch(/^raw\/review\/batch-[0-9a-f]{16}-review\.csv\.gz$/);
    expect(tableOfRawKey(result.key)).toBe('review');
    const info = await store.head(result.key);
    expect(info?.metadata).toEqual({ format: 'csv', table: 'review', source: 'batch', 'extracted-at': '2026-01-02T03:04:05.000Z' });
  });

  it('recognises the same content ingested twice, even under another name', async () => {
    const first = await putBatchExtract({ store, file: extract('a.csv.gz', 'x\n1\n'), table: 'beer' });
    const again = await putBatchExtract({ store, file: extract('a.csv.gz', 'x\n1\n'), table: 'beer' });
    expect(again).toEqual({ ...first, created: false });
    const keys: string[] = [];
    for await (const o of store.listAll('raw/beer/')) keys.push(o.key);
    expect(keys).toEqual([first.key]);
  });

  it('refuses an unknown table and an undeclared format with the fix', async () => {
    await expect(putBatchExtract({ store, file: extract('x.csv.gz', 'a\n'), table: 'beers' })).rejects.toThrow(UnknownSourceTableError);
    await expect(putBatchExtract({ store, file: extract('x.csv.gz', 'a\n'), table: 'beers' })).rejects.toThrow('known: beer, brewery, profile, review');
    await expect(putBatchExtract({ store, file: extract('x.gz', 'a\n'), table: 'beer' })).rejects.toThrow(UnknownRawFormatError);
    expect((await putBatchExtract({ store, file: extract('x.gz', '{}\n'), table: 'beer', format: 'ndjson' })).format).toBe('ndjson');
  });
});
