import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MANIFEST_SOURCES, lakeManifest } from './bundled.js';
import { listManifestFiles, loadManifestDir } from './node.js';

const tablesDir = new URL('../tables', import.meta.url).pathname;
const libRoot = new URL('..', import.meta.url).pathname;

describe('the bundled lake manifest', () => {
  it('bundles every file under tables/ (none forgotten, none extra)', () => {
    const onDisk = listManifestFiles(tablesDir).map((path) => relative(libRoot, path));
    const bundled = [BUNDLED_MANIFEST_SOURCES.lake, ...BUNDLED_MANIFEST_SOURCES.tables].map((s) => s.file);
    expect([...bundled].sort()).toEqual(onDisk);
  });

  it('is the same manifest as the one loaded from disk', () => {
    const fromDisk = loadManifestDir(tablesDir);
    expect(fromDisk.tables.map((t) => t.ref)).toEqual(lakeManifest().tables.map((t) => t.ref));
    expect(fromDisk.tables.map((t) => t.columns)).toEqual(lakeManifest().tables.map((t) => t.columns));
  });

  it('declares the whole demo lake', () => {
    const refs = lakeManifest().tables.map((t) => t.ref);
    expect(refs).toEqual([
      'source.beer', 'source.brewery', 'source.profile', 'source.review',
      'bronze.beer', 'bronze.brewery', 'bronze.profile', 'bronze.review',
      'silver.beer', 'silver.brewery', 'silver.profile', 'silver.review',
      'silver.review_flat',
      'gold.state_by_review_volume', 'gold.top_beers_by_rating', 'gold.top_breweries_by_rating',
      'gold.top_drinkers', 'gold.top_styles_by_popularity',
    ]);
  });
});
