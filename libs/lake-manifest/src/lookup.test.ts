import { describe, expect, it } from 'vitest';
import { UnknownTableError } from './errors.js';
import { durationMs, getTable, isCatalogTable, tablesInLayer } from './lookup.js';
import { lakeManifest } from './active-manifest.js';
import { grantsFor, readableColumns } from './derive/grants.js';
import { fixtureManifest } from './testing.js';

describe('lookups', () => {
  it('finds tables by ref and layer, and names the known tables for an unknown ref', () => {
    expect(getTable(fixtureManifest(), 'gold.revenue_by_country').owner).toBe('group:default/analytics');
    expect(tablesInLayer(fixtureManifest(), 'silver').map((t) => t.ref)).toEqual(['silver.customer', 'silver.purchase', 'silver.purchase_flat']);
    expect(() => getTable(fixtureManifest(), 'gold.revenue')).toThrow(UnknownTableError);
    expect(() => getTable(fixtureManifest(), 'gold.revenue')).toThrow(/Unknown lake table "gold.revenue". Known tables: source.customer, .*gold.revenue_by_country/);
  });

  it('converts freshness objectives to milliseconds', () => {
    expect(durationMs('PT1H')).toBe(3_600_000);
    expect(durationMs('P1D')).toBe(86_400_000);
    expect(durationMs('P1DT2H30M15S')).toBe(86_400_000 + 2 * 3_600_000 + 30 * 60_000 + 15_000);
  });
});

describe('isCatalogTable and readableColumns', () => {
  it('tells the lake tables from their OLTP sources, and the columns a grant leaves readable', () => {
    const manifest = lakeManifest();
    expect(manifest.tables.filter(isCatalogTable).map((t) => t.layer)).not.toContain('source');
    expect(manifest.tables.filter((t) => !isCatalogTable(t)).map((t) => t.ref).sort()).toEqual(['source.beer', 'source.brewery', 'source.profile', 'source.review']);
    const profile = getTable(manifest, 'silver.profile');
    const analyst = grantsFor(manifest, 'analyst').find((g) => g.tableRef === 'silver.profile');
    expect(analyst && readableColumns(profile, analyst)).toEqual(profile.columns.map((c) => c.name).filter((c) => c !== 'profile_name' && c !== 'email'));
  });
});
