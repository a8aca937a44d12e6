import { describe, expect, it } from 'vitest';
import { lakeManifest } from './active-manifest.js';
import { MissingTransformError } from './errors.js';
import { getTable } from './lookup.js';
import { fixtureManifest } from './testing.js';
import { derivedTableSql, silverMergeSql } from './transforms.js';

describe('transform SQL', () => {
  it('has a SELECT for every derived table of the manifest', () => {
    const derived = lakeManifest().tables.filter((t) => t.upstream.length > 0 && t.source === undefined);
    expect(derived.length).toBeGreaterThan(0);
    for (const table of derived) expect(derivedTableSql(table.ref)).toMatch(/^SELECT /m);
  });

  it('names the file that is missing', () => {
    expect(() => derivedTableSql('gold.nope')).toThrow(MissingTransformError);
    expect(() => derivedTableSql('gold.nope')).toThrow('No transform SQL for "gold.nope": the lake manifest has no transforms/gold/nope.sql');
    expect(() => derivedTableSql('silver.merge')).toThrow(MissingTransformError);
  });

  it('fills the MERGE template from the manifest: keys, declared columns, computed columns', () => {
    const sql = silverMergeSql(getTable(fixtureManifest(), 'silver.purchase'));
    expect(sql).not.toMatch(/\{\{/);
    expect(sql).toContain('PARTITION BY purchase_id ORDER BY');
    expect(sql).toContain('r.purchase_id = t.purchase_id');
    expect(sql).toContain('t.purchase_id, t.customer_id, t.amount, t.purchased_at');
    expect(sql).toContain(', CAST(year(purchased_at) AS INT) AS purchase_year');
    const customer = silverMergeSql(getTable(fixtureManifest(), 'silver.customer'));
    expect(customer).toMatch(/SELECT m\.\*\s+FROM merged m/);
    expect(customer).not.toContain('purchase_id');
  });
});
