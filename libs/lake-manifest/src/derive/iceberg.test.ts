import { describe, expect, it } from 'vitest';
import { getTable } from '../lookup.js';
import type { LakeManifest } from '../model.js';
import { buildManifest } from '../resolve.js';
import { FIXTURE_MANIFEST_SOURCES, fixtureManifest } from '../testing.js';
import { icebergPartitionSpec, icebergSchema } from './iceberg.js';

describe('Iceberg derivation', () => {
  it('gives silver.purchase its declared, computed and lifecycle fields with stable ids', () => {
    const schema = icebergSchema(getTable(fixtureManifest(), 'silver.purchase'));
    expect(schema['identifier-field-ids']).toEqual([1]);
    expect(schema.fields.map((f) => [f.id, f.name, f.type, f.required])).toEqual([
      [1, 'purchase_id', 'long', true],
      [2, 'customer_id', 'long', false],
      [3, 'amount', 'double', false],
      [4, 'purchased_at', 'timestamptz', false],
      [5, 'purchase_year', 'int', false],
      [1101, 'created_at', 'timestamptz', true],
      [1102, 'updated_at', 'timestamptz', true],
      [1103, 'deleted_at', 'timestamptz', false],
    ]);
  });

  it('partitions silver.purchase by purchase_year with spec field ids from 1000', () => {
    expect(icebergPartitionSpec(getTable(fixtureManifest(), 'silver.purchase'))).toEqual({
      'spec-id': 0,
      fields: [{ 'source-id': 5, 'field-id': 1000, name: 'purchase_year', transform: 'identity' }],
    });
    expect(icebergPartitionSpec(getTable(fixtureManifest(), 'silver.customer')).fields).toEqual([]);
  });

  it('keeps field ids when columns are reordered in the file', () => {
    const reordered = structuredClone(FIXTURE_MANIFEST_SOURCES);
    const purchase = reordered.tables.find((t) => t.file.endsWith('sources/purchase.json'))!.data as { columns: unknown[] };
    purchase.columns.reverse();
    const idsByName = (manifest: LakeManifest) => Object.fromEntries(icebergSchema(getTable(manifest, 'silver.purchase')).fields.map((f) => [f.name, f.id]));
    expect(idsByName(buildManifest(reordered))).toEqual(idsByName(fixtureManifest()));
  });

  it('identifies gold rows by their partition and entity', () => {
    const schema = icebergSchema(getTable(fixtureManifest(), 'gold.revenue_by_country'));
    const names = schema['identifier-field-ids'].map((id) => schema.fields.find((f) => f.id === id)?.name);
    expect(names).toEqual(['purchase_year', 'country']);
  });
});
