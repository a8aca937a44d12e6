import { describe, expect, it } from 'vitest';
import { fixtureManifest } from '../testing.js';
import { allGrants, grantsFor } from './grants.js';

const manifest = fixtureManifest();
const refs = (principal: string) => grantsFor(manifest, principal).map((g) => g.tableRef);

describe('Lake Formation grants', () => {
  it('gives engineer every permission on every lake table, all columns', () => {
    const grants = grantsFor(manifest, 'engineer');
    expect(refs('engineer')).toEqual(manifest.tables.filter((t) => t.layer !== 'source').map((t) => t.ref));
    expect(grants.every((g) => g.permissions.join() === 'ALL' && g.excludedColumns.length === 0)).toBe(true);
  });

  it('gives analyst silver and gold, with every PII column excluded, inherited ones too', () => {
    expect(refs('analyst')).toEqual(['silver.customer', 'silver.purchase', 'silver.purchase_flat', 'gold.revenue_by_country']);
    expect(grantsFor(manifest, 'analyst').find((g) => g.tableRef === 'silver.customer')).toEqual({
      principal: 'analyst',
      database: 'fx_silver',
      table: 'customer',
      tableRef: 'silver.customer',
      permissions: ['SELECT', 'DESCRIBE'],
      excludedColumns: ['customer_name'],
    });
    expect(grantsFor(manifest, 'analyst').find((g) => g.tableRef === 'silver.purchase_flat')?.excludedColumns).toEqual(['customer_name']);
  });

  it('never grants a PII column to a principal whose policy excludes PII', () => {
    const pii = new Map(manifest.tables.map((t) => [t.ref, t.columns.filter((c) => c.classification === 'pii').map((c) => c.name)]));
    for (const grant of allGrants(manifest).filter((g) => g.principal !== 'engineer')) {
      expect(grant.excludedColumns).toEqual(pii.get(grant.tableRef));
    }
  });

  it('rejects an unknown principal by name', () => {
    expect(() => grantsFor(manifest, 'intern')).toThrow('Unknown principal "intern". Known principals: engineer, analyst');
  });
});
