import { describe, expect, it } from 'vitest';
import { lakeManifest } from '../bundled.js';
import { getTable } from '../lookup.js';
import { columnarSchema } from './columnar.js';

describe('Arrow/Parquet derivation', () => {
  it('types bronze.review for the bronze writer, field ids included', () => {
    const fields = columnarSchema(getTable(lakeManifest(), 'bronze.review'));
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName['review_id']).toEqual({ name: 'review_id', fieldId: 1, nullable: false, arrow: { typeId: 'Int64' }, parquet: { physical: 'INT64' } });
    expect(byName['review_overall']).toMatchObject({ nullable: true, arrow: { typeId: 'Float64' }, parquet: { physical: 'DOUBLE' } });
    expect(byName['review_time']).toMatchObject({
      arrow: { typeId: 'Timestamp', unit: 'MICROSECOND', timezone: 'UTC' },
      parquet: { physical: 'INT64', logical: 'TIMESTAMP_MICROS_UTC' },
    });
    expect(byName['op']).toMatchObject({ fieldId: 1001, arrow: { typeId: 'Utf8' }, parquet: { physical: 'BYTE_ARRAY', logical: 'STRING' } });
    expect(fields.map((f) => f.name).slice(-6)).toEqual(['op', 'change_ts', 'change_txn_id', 'change_seq', 'raw_object_key', 'ingested_at']);
  });
});

describe('bronze nullability', () => {
  it('keeps the key required and lets other source columns be null (deletes carry only the key)', () => {
    const bronze = columnarSchema(getTable(lakeManifest(), 'bronze.profile'));
    const source = getTable(lakeManifest(), 'source.profile');
    expect(bronze.filter((f) => ['profile_id', 'profile_name', 'email'].includes(f.name)).map((f) => [f.name, f.nullable])).toEqual([
      ['profile_id', false],
      ['profile_name', true],
      ['email', true],
    ]);
    expect(source.columns.find((c) => c.name === 'email')?.nullable).toBe(false);
  });
});
