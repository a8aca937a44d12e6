import { describe, expect, it } from 'vitest';
import { lakeManifest } from '../bundled.js';
import { lineageEdges } from './lineage.js';

describe('lineage', () => {
  it('links each source through bronze and silver to review_flat and every gold table', () => {
    const edges = lineageEdges(lakeManifest()).map((e) => `${e.from} -> ${e.to}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'source.review -> bronze.review',
        'bronze.review -> silver.review',
        'silver.review -> silver.review_flat',
        'silver.profile -> silver.review_flat',
        'silver.review_flat -> gold.top_drinkers',
      ]),
    );
    expect(edges.filter((e) => e.startsWith('silver.review_flat ->'))).toHaveLength(5);
    expect(edges).toHaveLength(4 * 2 + 4 + 5);
  });
});
