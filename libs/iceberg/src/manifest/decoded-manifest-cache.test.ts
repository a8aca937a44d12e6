import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from './data-file.js';
import { DecodedManifestCache, estimatedEntryBytes } from './decoded-manifest-cache.js';

const entry = (path: string, columns: number): ManifestEntry => {
  const perColumn = Object.fromEntries(Array.from({ length: columns }, (_, i) => [i + 1, 10]));
  return {
    status: 1,
    snapshotId: null,
    sequenceNumber: null,
    fileSequenceNumber: null,
    file: { path, partition: {}, recordCount: 1, fileSizeInBytes: 1, metrics: { columnSizes: perColumn, valueCounts: perColumn, nullValueCounts: perColumn, lowerBounds: perColumn, upperBounds: perColumn } },
  } as unknown as ManifestEntry;
};
const manifestOf = (name: string, entries: number, columns = 16) => Array.from({ length: entries }, (_, i) => entry(`${name}/${i}.parquet`, columns));

describe('DecodedManifestCache', () => {
  it('decodes a manifest once and hands every later reader the same entries', async () => {
    const cache = new DecodedManifestCache();
    let decodes = 0;
    const decode = async () => (decodes += 1, manifestOf('a', 3));
    const first = await cache.get('a', decode);
    expect(await cache.get('a', decode)).toBe(first);
    expect(decodes).toBe(1);
  });

  it('estimates an entry by its statistics: wider tables weigh more', () => {
    expect(estimatedEntryBytes(entry('x', 32))).toBeGreaterThan(estimatedEntryBytes(entry('x', 16)));
    expect(estimatedEntryBytes(entry('x', 16))).toBe(200 + 40 * 16 * 5);
  });

  it('stays within its budget by dropping the least recently used manifests, however many there are', async () => {
    const perManifest = 100 * estimatedEntryBytes(entry('x', 16));
    const cache = new DecodedManifestCache(perManifest * 3);
    for (const name of ['a', 'b', 'c']) await cache.get(name, async () => manifestOf(name, 100));
    await cache.get('a', async () => []); // a is used again: b is now the oldest
    await cache.get('d', async () => manifestOf('d', 100));
    expect(cache.size()).toEqual({ bytes: perManifest * 3, manifests: 3 });
    let decodedAgain = false;
    await cache.get('b', async () => ((decodedAgain = true), manifestOf('b', 100)));
    expect(decodedAgain).toBe(true);
    let aDecodedAgain = false;
    await cache.get('a', async () => ((aDecodedAgain = true), []));
    expect(aDecodedAgain).toBe(false);
  });

  it('does not keep a failed decode: the next reader tries again', async () => {
    const cache = new DecodedManifestCache();
    await expect(cache.get('a', async () => Promise.reject(new Error('unreadable')))).rejects.toThrow('unreadable');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('a', async () => manifestOf('a', 1))).toHaveLength(1);
    expect(cache.size().manifests).toBe(1);
  });
});
