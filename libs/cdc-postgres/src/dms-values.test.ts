import type { LakeColumn } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { dmsValueConverter, isoMicros } from './dms-values.js';

const column = (type: LakeColumn['type'], pgType?: string): LakeColumn => ({
  id: 1,
  name: 'c',
  type,
  nullable: true,
  description: 'test column',
  classification: 'public',
  origin: 'declared',
  ...(pgType === undefined ? {} : { source: { pgType } }),
});

describe('DMS values from PostgreSQL text', () => {
  it('types integers and numerics as JSON numbers, keeping values a double cannot hold exactly as text', () => {
    const long = dmsValueConverter(column('long'));
    expect(long('9007199254740991')).toBe(9007199254740991);
    expect(long('9007199254740993')).toBe('9007199254740993');
    expect(long('-42')).toBe(-42);
    const numeric = dmsValueConverter(column('double', 'numeric'));
    expect(numeric('4.50')).toBe(4.5);
    expect(numeric('NaN')).toBe('NaN');
    expect(dmsValueConverter(column('double'))('Infinity')).toBe('Infinity');
    expect(dmsValueConverter(column('int'))('7')).toBe(7);
  });

  it('follows the source type, not the lake type: unix seconds stay a number', () => {
    expect(dmsValueConverter({ ...column('timestamptz'), source: { pgType: 'bigint', encoding: 'unix-seconds' } })('1322697600')).toBe(1322697600);
  });

  it('reads numeric typmods and booleans', () => {
    expect(dmsValueConverter(column('double', 'numeric(4,2)'))('3.25')).toBe(3.25);
    const flag = dmsValueConverter(column('boolean'));
    expect([flag('t'), flag('f')]).toEqual([true, false]);
  });

  it('writes timestamps as ISO-8601 UTC with microseconds', () => {
    const ts = dmsValueConverter(column('timestamptz'));
    expect(ts('2026-11-26 02:59:59.9+00')).toBe('2026-11-26T02:59:59.900000Z');
    expect(ts('2026-11-26 02:59:59+00')).toBe('2026-11-26T02:59:59.000000Z');
    expect(ts('2026-11-26 08:29:59.123456+05:30')).toBe('2026-11-26T02:59:59.123456Z');
    expect(ts('2026-01-01 00:00:00.5-03')).toBe('2026-01-01T03:00:00.500000Z');
    expect(ts('infinity')).toBe('infinity');
  });

  it('keeps text, dates and NULL as they are', () => {
    expect(dmsValueConverter(column('string'))('a, "b"')).toBe('a, "b"');
    expect(dmsValueConverter(column('date'))('2026-11-26')).toBe('2026-11-26');
    expect(dmsValueConverter(column('long'))(null)).toBeNull();
  });

  it('formats microseconds since the epoch', () => {
    expect(isoMicros(1_764_125_999_123_456n)).toBe('2025-11-26T02:59:59.123456Z');
    expect(isoMicros(5n)).toBe('1970-01-01T00:00:00.000005Z');
  });
});
