import { describe, expect, it } from 'vitest';
import { BUNDLED_MANIFEST_SOURCES, lakeManifest } from '../bundled.js';
import { getTable } from '../lookup.js';
import { buildManifest } from '../resolve.js';
import { icebergPartitionSpec, icebergSchema } from './iceberg.js';

describe('Iceberg derivation', () => {
  it('gives silver.review its declared, computed and lifecycle fields with stable ids', () => {
    const schema = icebergSchema(getTable(lakeManifest(), 'silver.review'));
    expect(schema['identifier-field-ids']).toEqual([1]);
    expect(schema.fields.map((f) => [f.id, f.name, f.type, f.required])).toEqual([
      [1, 'review_id', 'long', true],
      [2, 'brewery_id', 'long', false],
      [3, 'beer_id', 'long', false],
      [4, 'profile_id', 'long', false],
      [5, 'review_overall', 'double', false],
      [6, 'review_aroma', 'double', false],
      [7, 'review_appearance', 'double', false],
      [8, 'review_palate', 'double', false],
      [9, 'review_taste', 'double', false],
      [10, 'review_time', 'timestamptz', false],
      [11, 'review_year', 'int', false],
      [12, 'review_month', 'int', false],
      [1101, 'created_at', 'timestamptz', true],
      [1102, 'updated_at', 'timestamptz', true],
      [1103, 'deleted_at', 'timestamptz', false],
    ]);
  });

  it('partitions silver.review by review_year and review_month with spec field ids from 1000', () => {
    expect(icebergPartitionSpec(getTable(lakeManifest(), 'silver.review'))).toEqual({
      'spec-id': 0,
      fields: [
        { 'source-id': 11, 'field-id': 1000, name: 'review_year', transform: 'identity' },
        { 'source-id': 12, 'field-id': 1001, name: 'review_month', transform: 'identity' },
      ],
    });
    expect(icebergPartitionSpec(getTable(lakeManifest(), 'silver.beer')).fields).toEqual([]);
  });

  it('keeps field ids when columns are reordered in the file', () => {
    const reordered = structuredClone(BUNDLED_MANIFEST_SOURCES);
    const review = reordered.tables.find((t) => t.file.endsWith('sources/review.json'))!.data as { columns: unknown[] };
    review.columns.reverse();
    const idsByName = (manifest: ReturnType<typeof lakeManifest>) =>
      Object.fromEntries(icebergSchema(getTable(manifest, 'silver.review')).fields.map((f) => [f.name, f.id]));
    expect(idsByName(buildManifest(reordered))).toEqual(idsByName(lakeManifest()));
  });

  it('identifies gold rows by their month and entity', () => {
    const schema = icebergSchema(getTable(lakeManifest(), 'gold.top_beers_by_rating'));
    const names = schema['identifier-field-ids'].map((id) => schema.fields.find((f) => f.id === id)?.name);
    expect(names).toEqual(['review_year', 'review_month', 'beer_id']);
  });
});
