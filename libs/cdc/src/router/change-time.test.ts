import { describe, expect, it } from 'vitest';
import { formatUtcMicros, toUtcMicros } from './change-time.js';

describe('change timestamps', () => {
  it('normalises to UTC with exactly six fractional digits', () => {
    expect(toUtcMicros('2026-11-26T03:00:00.123456Z')).toBe('2026-11-26T03:00:00.123456Z');
    expect(toUtcMicros('2026-11-26T02:59:59.9Z')).toBe('2026-11-26T02:59:59.900000Z');
    expect(toUtcMicros('2026-11-26T02:59:59Z')).toBe('2026-11-26T02:59:59.000000Z');
    expect(toUtcMicros('2026-11-26T02:59:59.123456789Z')).toBe('2026-11-26T02:59:59.123456Z');
  });

  it('converts offsets to UTC and reads a time without zone as UTC, as DMS writes it', () => {
    expect(toUtcMicros('2026-11-26T05:00:00.5+02:00')).toBe('2026-11-26T03:00:00.500000Z');
    expect(toUtcMicros('2026-11-25T23:30:00-0330')).toBe('2026-11-26T03:00:00.000000Z');
    expect(toUtcMicros('2027-01-01T00:30:00+01')).toBe('2026-12-31T23:30:00.000000Z');
    expect(toUtcMicros('2026-11-26 03:00:00.000001')).toBe('2026-11-26T03:00:00.000001Z');
  });

  it('rejects text that names no real time', () => {
    for (const text of ['', 'yesterday', '2026-11-26', '2026-02-30T00:00:00Z', '2026-11-26T24:00:00Z', '2026-11-26T03:60:00Z', '2026-11-26T03:00:00.Z']) {
      expect(toUtcMicros(text), text).toBeUndefined();
    }
  });

  it('formats microseconds since the epoch, before 1970 too', () => {
    expect(formatUtcMicros(BigInt(Date.UTC(2026, 10, 26, 3, 0, 0)) * 1000n + 1n)).toBe('2026-11-26T03:00:00.000001Z');
    expect(formatUtcMicros(-1n)).toBe('1969-12-31T23:59:59.999999Z');
  });
});
