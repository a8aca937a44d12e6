import { describe, expect, it } from 'vitest';
import { getTable } from '../lookup.js';
import { fixtureManifest } from '../testing.js';
import { columnarSchema } from './columnar.js';

describe('Arrow/Parquet derivation', () => {
  it('types bronze.purchase for the bronze writer, field ids included', () => {
    const fields = columnarSchema(getTable(fixtureManifest(), 'bronze.purchase'));
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName['purchase_id']).toEqual({ name: 'purchase_id', fieldId: 1, nullable: false, arrow: { typeId: 'Int64' }, parquet: { physical: 'INT64' } });
    expect(byName['amount']).toMatchObject({ nullable: true, arrow: { typeId: 'Float64' }, parquet: { physical: 'DOUBLE' } });
    expect(byName['purchased_at']).toMatchObject({
      arrow: { typeId: 'Timestamp', unit: 'MICROSECOND', timezone: 'UTC' },
      parquet: { physical: 'INT64', logical: 'TIMESTAMP_MICROS_UTC' },
    });
    expect(byName['op']).toMatchObject({ fieldId: 1001, arrow: { typeId: 'Utf8' }, parquet: { physical: 'BYTE_ARRAY', logical: 'STRING' } });
    expect(fields.map((f) => f.name).slice(-6)).toEqual(['op', 'change_ts', 'change_txn_id', 'change_seq', 'raw_object_key', 'ingested_at']);
  });
});

describe('bronze nullability', () => {
  it('keeps the key required and lets other source columns be null (deletes carry only the key)', () => {
    const bronze = columnarSchema(getTable(fixtureManifest(), 'bronze.customer'));
    const source = getTable(fixtureManifest(), 'source.customer');
    expect(bronze.filter((f) => ['customer_id', 'customer_name', 'country'].includes(f.name)).map((f) => [f.name, f.nullable])).toEqual([
      ['customer_id', false],
      ['customer_name', true],
      ['country', true],
    ]);
    expect(source.columns.find((c) => c.name === 'customer_name')?.nullable).toBe(false);
  });
});
