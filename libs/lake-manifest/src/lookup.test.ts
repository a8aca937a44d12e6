import { describe, expect, it } from 'vitest';
import { lakeManifest } from './bundled.js';
import { UnknownTableError } from './errors.js';
import { durationMs, getTable, tablesInLayer } from './lookup.js';

describe('lookups', () => {
  it('finds tables by ref and layer, and names the known tables for an unknown ref', () => {
    expect(getTable(lakeManifest(), 'gold.top_drinkers').owner).toBe('group:default/analytics');
    expect(tablesInLayer(lakeManifest(), 'gold')).toHaveLength(5);
    expect(() => getTable(lakeManifest(), 'gold.top_drinker')).toThrow(UnknownTableError);
    expect(() => getTable(lakeManifest(), 'gold.top_drinker')).toThrow(/Unknown lake table "gold.top_drinker". Known tables: source.beer, .*gold.top_drinkers/);
  });

  it('converts freshness objectives to milliseconds', () => {
    expect(durationMs('PT1H')).toBe(3_600_000);
    expect(durationMs('P1D')).toBe(86_400_000);
    expect(durationMs('P1DT2H30M15S')).toBe(86_400_000 + 2 * 3_600_000 + 30 * 60_000 + 15_000);
  });
});
