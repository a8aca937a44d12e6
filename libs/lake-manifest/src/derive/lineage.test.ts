import { describe, expect, it } from 'vitest';
import { fixtureManifest } from '../testing.js';
import { lineageEdges } from './lineage.js';

describe('lineage', () => {
  it('links each source through bronze and silver to the derived tables built from it', () => {
    expect(lineageEdges(fixtureManifest()).map((e) => `${e.from} -> ${e.to}`)).toEqual([
      'source.customer -> bronze.customer',
      'source.purchase -> bronze.purchase',
      'bronze.customer -> silver.customer',
      'bronze.purchase -> silver.purchase',
      'silver.purchase -> silver.purchase_flat',
      'silver.customer -> silver.purchase_flat',
      'silver.purchase_flat -> gold.revenue_by_country',
    ]);
  });
});
