import { describe, expect, it } from 'vitest';
import { lakeManifest } from '../bundled.js';
import { getTable } from '../lookup.js';
import { duckdbCreateTable, quoteIdentifier } from './duckdb.js';

describe('DuckDB derivation', () => {
  it('writes the CREATE TABLE of silver.brewery', () => {
    expect(duckdbCreateTable(getTable(lakeManifest(), 'silver.brewery'))).toBe(
      [
        'CREATE TABLE "silver"."brewery" (',
        '  "brewery_id" BIGINT NOT NULL,',
        '  "brewery_name" VARCHAR,',
        '  "created_at" TIMESTAMPTZ NOT NULL,',
        '  "updated_at" TIMESTAMPTZ NOT NULL,',
        '  "deleted_at" TIMESTAMPTZ',
        ');',
      ].join('\n'),
    );
  });

  it('can target another schema and quotes identifiers safely', () => {
    expect(duckdbCreateTable(getTable(lakeManifest(), 'gold.state_by_review_volume'), 'staging')).toMatch(/^CREATE TABLE "staging"."state_by_review_volume" \(\n {2}"state" VARCHAR NOT NULL,/);
    expect(quoteIdentifier('we"ird')).toBe('"we""ird"');
  });
});
