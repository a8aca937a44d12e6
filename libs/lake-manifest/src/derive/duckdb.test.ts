import { describe, expect, it } from 'vitest';
import { getTable } from '../lookup.js';
import { fixtureManifest } from '../testing.js';
import { duckdbCreateTable, quoteIdentifier } from './duckdb.js';

describe('DuckDB derivation', () => {
  it('writes the CREATE TABLE of silver.customer', () => {
    expect(duckdbCreateTable(getTable(fixtureManifest(), 'silver.customer'))).toBe(
      [
        'CREATE TABLE "silver"."customer" (',
        '  "customer_id" BIGINT NOT NULL,',
        '  "customer_name" VARCHAR,',
        '  "country" VARCHAR,',
        '  "created_at" TIMESTAMPTZ NOT NULL,',
        '  "updated_at" TIMESTAMPTZ NOT NULL,',
        '  "deleted_at" TIMESTAMPTZ',
        ');',
      ].join('\n'),
    );
  });

  it('can target another schema and quotes identifiers safely', () => {
    expect(duckdbCreateTable(getTable(fixtureManifest(), 'gold.revenue_by_country'), 'staging')).toMatch(/^CREATE TABLE "staging"."revenue_by_country" \(\n {2}"purchase_year" INTEGER NOT NULL,/);
    expect(quoteIdentifier('we"ird')).toBe('"we""ird"');
  });
});
