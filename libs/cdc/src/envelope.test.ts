import { describe, expect, it } from 'vitest';
import { dmsRecordSchema, isDataRecord } from './envelope.js';

const metadata = {
  timestamp: '2026-11-26T03:00:00.123456Z',
  'partition-key-type': 'schema-table',
  'schema-name': 'dm_core',
  'table-name': 'profile',
};

describe('DMS record model', () => {
  it('accepts a CDC update with transaction details', () => {
    const record = dmsRecordSchema.parse({
      data: { profile_id: 7, state: 'CA' },
      metadata: { ...metadata, 'record-type': 'data', operation: 'update', 'transaction-id': 812, 'commit-timestamp': '2026-11-26T02:59:59.9Z', 'stream-position': '0/16B3748', 'transaction-record-id': 2 },
    });
    expect(isDataRecord(record)).toBe(true);
    expect(record.metadata['transaction-id']).toBe(812);
  });

  it('accepts a control record without data', () => {
    const record = dmsRecordSchema.parse({ metadata: { ...metadata, 'record-type': 'control', operation: 'add-column' } });
    expect(isDataRecord(record)).toBe(false);
  });

  it('keeps the changed columns and the table definition of a control record', () => {
    const control = { 'table-def': { columns: { profile_id: { type: 'bigint' }, nickname: { type: 'text' } }, 'primary-key': ['profile_id'] } };
    const record = dmsRecordSchema.parse({ data: { nickname: 'text' }, control, metadata: { ...metadata, 'record-type': 'control', operation: 'add-column' } });
    expect(record).toMatchObject({ data: { nickname: 'text' }, control });
  });

  it('rejects a data record without data or with an unknown operation', () => {
    expect(dmsRecordSchema.safeParse({ metadata: { ...metadata, 'record-type': 'data', operation: 'insert' } }).success).toBe(false);
    expect(dmsRecordSchema.safeParse({ data: {}, metadata: { ...metadata, 'record-type': 'data', operation: 'upsert' } }).success).toBe(false);
  });

  it('accepts a full-load row without transaction details, and extra DMS fields', () => {
    const parsed = dmsRecordSchema.safeParse({ data: { brewery_id: 1 }, metadata: { ...metadata, 'record-type': 'data', operation: 'load', 'table-version': 1 } });
    expect(parsed.success).toBe(true);
  });

  it('rejects negative or fractional transaction details and a missing timestamp or table', () => {
    const update = (extra: Record<string, unknown>) => ({ data: { profile_id: 7 }, metadata: { ...metadata, 'record-type': 'data', operation: 'update', ...extra } });
    expect(dmsRecordSchema.safeParse(update({ 'transaction-id': -1 })).success).toBe(false);
    expect(dmsRecordSchema.safeParse(update({ 'transaction-record-id': 1.5 })).success).toBe(false);
    expect(dmsRecordSchema.safeParse(update({ timestamp: '' })).success).toBe(false);
    expect(dmsRecordSchema.safeParse(update({ 'table-name': '' })).success).toBe(false);
    expect(dmsRecordSchema.safeParse(update({ 'stream-position': 42 })).success).toBe(false);
  });

  it('rejects a control record with a data operation, and data that is not an object', () => {
    expect(dmsRecordSchema.safeParse({ metadata: { ...metadata, 'record-type': 'control', operation: 'insert' } }).success).toBe(false);
    expect(dmsRecordSchema.safeParse({ data: [1, 2], metadata: { ...metadata, 'record-type': 'data', operation: 'insert' } }).success).toBe(false);
  });
});
