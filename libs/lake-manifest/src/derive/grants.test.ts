import { describe, expect, it } from 'vitest';
import { lakeManifest } from '../bundled.js';
import { allGrants, grantsFor } from './grants.js';

const manifest = lakeManifest();
const refs = (principal: string) => grantsFor(manifest, principal).map((g) => g.tableRef);

describe('Lake Formation grants', () => {
  it('gives data-engineer every permission on every lake table, all columns', () => {
    const grants = grantsFor(manifest, 'data-engineer');
    expect(refs('data-engineer')).toEqual(manifest.tables.filter((t) => t.layer !== 'source').map((t) => t.ref));
    expect(grants.every((g) => g.permissions.join() === 'ALL' && g.excludedColumns.length === 0)).toBe(true);
  });

  it('gives analyst silver and gold, with every PII column excluded', () => {
    expect(refs('analyst').every((ref) => /^(silver|gold)\./.test(ref))).toBe(true);
    expect(refs('analyst')).toContain('silver.review_flat');
    const profile = grantsFor(manifest, 'analyst').find((g) => g.tableRef === 'silver.profile');
    expect(profile).toEqual({
      principal: 'analyst',
      database: 'dm_silver',
      table: 'profile',
      tableRef: 'silver.profile',
      permissions: ['SELECT', 'DESCRIBE'],
      excludedColumns: ['profile_name', 'email'],
    });
  });

  it('gives demo the gold tables only, and hides the reviewer name in top_drinkers', () => {
    expect(refs('demo')).toEqual([
      'gold.state_by_review_volume',
      'gold.top_beers_by_rating',
      'gold.top_breweries_by_rating',
      'gold.top_drinkers',
      'gold.top_styles_by_popularity',
    ]);
    expect(grantsFor(manifest, 'demo').find((g) => g.table === 'top_drinkers')?.excludedColumns).toEqual(['profile_name']);
  });

  it('never grants a PII column to a principal whose policy excludes PII', () => {
    const pii = new Map(manifest.tables.map((t) => [t.ref, t.columns.filter((c) => c.classification === 'pii').map((c) => c.name)]));
    for (const grant of allGrants(manifest).filter((g) => g.principal !== 'data-engineer')) {
      expect(grant.excludedColumns).toEqual(pii.get(grant.tableRef));
    }
  });

  it('rejects an unknown principal by name', () => {
    expect(() => grantsFor(manifest, 'intern')).toThrow('Unknown principal "intern". Known principals: data-engineer, analyst, demo');
  });
});
