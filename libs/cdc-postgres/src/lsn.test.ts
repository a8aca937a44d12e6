import { describe, expect, it } from 'vitest';
import { InvalidLsnError } from './errors.js';
import { formatLsn, isLsn, normalizeLsn, parseLsn } from './lsn.js';

describe('LSNs', () => {
  it('orders positions numerically across both halves, not as text', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    expect(parseLsn('0/A') > parseLsn('0/9')).toBe(true);
  });

  it("spells positions as PostgreSQL does, whatever padding they came with", () => {
    expect(formatLsn((3n << 32n) | 0xab12n)).toBe('3/AB12');
    expect(normalizeLsn('00000000/016b3748')).toBe('0/16B3748');
  });

  it('rejects what is not an LSN, naming the value', () => {
    expect(() => parseLsn('16B3748')).toThrow(InvalidLsnError);
    expect(() => parseLsn('0/123456789')).toThrow('"0/123456789" is not a PostgreSQL LSN');
    expect(isLsn('0/G')).toBe(false);
    expect(isLsn(42)).toBe(false);
  });
});
