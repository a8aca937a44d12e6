import { describe, expect, it } from 'vitest';
import { formatLsn, parseLsn } from './lsn.js';

describe('PostgreSQL LSNs', () => {
  it('reads X/Y as X·2^32 + Y', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')).toBe(2n ** 32n);
    expect(parseLsn('2/A')).toBe(2n * 2n ** 32n + 10n);
    expect(parseLsn('00000001/0AA73B10')).toBe(2n ** 32n + 0x0aa73b10n);
    expect(parseLsn('FFFFFFFF/FFFFFFFF')).toBe(2n ** 64n - 1n);
  });

  it('orders positions across the 32-bit boundary', () => {
    expect(parseLsn('0/FFFFFFFF')! < parseLsn('1/0')!).toBe(true);
  });

  it('is undefined for anything that is not an LSN', () => {
    for (const text of ['', '16B3748', '0/', '/1', 'G/1', '1/2/3', '123456789/0', '0/123456789', ' 0/1', '0x1/2']) {
      expect(parseLsn(text), text).toBeUndefined();
    }
  });

  it('prints as PostgreSQL does and round-trips', () => {
    expect(formatLsn(0x16b3748n)).toBe('0/16B3748');
    expect(formatLsn(2n ** 32n + 0xan)).toBe('1/A');
    for (const text of ['0/0', '1/A0B3C8', 'FFFFFFFF/FFFFFFFF']) expect(formatLsn(parseLsn(text)!)).toBe(text);
  });
});
