import { describe, expect, it } from 'vitest';
import { parseStat } from './parse-stat.js';

describe('parseStat', () => {
  it('reads DuckDB-rendered statistics as Iceberg values', () => {
    expect(parseStat('long', '-42')).toBe(-42);
    expect(parseStat('double', '1.5')).toBe(1.5);
    expect(parseStat('boolean', 'true')).toBe(true);
    expect(parseStat('string', 'IPA')).toBe('IPA');
    expect(parseStat('date', '1970-01-03')).toBe(2);
    expect(parseStat('timestamptz', '1970-01-01 00:00:01.5+00')).toBe(1_500_000);
    expect(parseStat('timestamptz', '1970-01-01 02:00:00+02')).toBe(0);
    expect(parseStat('timestamptz', '1970-01-01 00:00:00.000001-00:30')).toBe(1_800_000_001);
  });

  it('omits what it cannot read rather than guess', () => {
    expect(parseStat('double', 'nan')).toBeUndefined();
    expect(parseStat('int', '')).toBeUndefined();
    expect(parseStat('date', 'yesterday')).toBeUndefined();
    expect(parseStat('timestamptz', '2024-01-01')).toBeUndefined();
    expect(parseStat('boolean', '1')).toBeUndefined();
  });
});
