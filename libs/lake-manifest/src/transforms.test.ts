import { describe, expect, it } from 'vitest';
import { lakeManifest } from './bundled.js';
import { MissingTransformError } from './errors.js';
import { getTable } from './lookup.js';
import { DERIVED_TABLE_SQL, derivedTableSql, silverMergeSql } from './transforms.js';

describe('transform SQL', () => {
  it('has exactly one SELECT per derived table of the manifest', () => {
    const derived = lakeManifest()
      .tables.filter((t) => t.upstream.length > 0 && t.source === undefined)
      .map((t) => t.ref)
      .sort();
    expect(Object.keys(DERIVED_TABLE_SQL).sort()).toEqual(derived);
    for (const ref of derived) expect(derivedTableSql(ref)).toMatch(/^SELECT /m);
  });

  it('names the file to add for a table without one', () => {
    expect(() => derivedTableSql('gold.nope')).toThrow(MissingTransformError);
    expect(() => derivedTableSql('gold.nope')).toThrow('transforms/gold/nope.sql');
  });

  it('fills the MERGE template from the manifest: keys, declared columns, computed columns', () => {
    const sql = silverMergeSql(getTable(lakeManifest(), 'silver.review'));
    expect(sql).not.toMatch(/\{\{/);
    expect(sql).toContain('PARTITION BY review_id ORDER BY');
    expect(sql).toContain('r.review_id = t.review_id');
    expect(sql).toContain('t.review_id, t.brewery_id, t.beer_id, t.profile_id, t.review_overall');
    expect(sql).toContain(', CAST(year(review_time) AS INT) AS review_year, CAST(month(review_time) AS INT) AS review_month');
    const beer = silverMergeSql(getTable(lakeManifest(), 'silver.beer'));
    expect(beer).toMatch(/SELECT m\.\*\s+FROM merged m/);
    expect(beer).not.toContain('review_id');
  });
});
