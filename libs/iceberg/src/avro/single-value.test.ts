import { describe, expect, it } from 'vitest';
import { LOGICAL_TYPES } from '@datamaster/lake-manifest';
import { compareValues, deserializeValue, serializeValue, type PrimitiveValue } from './single-value.js';

describe('single-value serialization', () => {
  it('encodes as the spec says: little-endian fixed width, UTF-8 strings', () => {
    expect([...serializeValue('int', 1)]).toEqual([1, 0, 0, 0]);
    expect([...serializeValue('date', -1)]).toEqual([255, 255, 255, 255]);
    expect([...serializeValue('long', 258)]).toEqual([2, 1, 0, 0, 0, 0, 0, 0]);
    expect([...serializeValue('boolean', true)]).toEqual([1]);
    expect([...serializeValue('double', 1)]).toEqual([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect(serializeValue('string', 'Ölé').toString('hex')).toBe(Buffer.from('Ölé', 'utf8').toString('hex'));
  });

  const samples: Record<(typeof LOGICAL_TYPES)[number], PrimitiveValue> = {
    boolean: false,
    int: -123456,
    long: 2 ** 40 + 3,
    double: -2.5,
    string: 'brewery',
    date: 19000,
    timestamptz: 1_700_000_000_123_456,
  };
  it.each(LOGICAL_TYPES)('round-trips %s', (type) => {
    expect(deserializeValue(type, serializeValue(type, samples[type]))).toBe(samples[type]);
  });

  it('reads bounds written before a promotion (4-byte int, float) as the wider type', () => {
    expect(deserializeValue('long', serializeValue('int', -123456))).toBe(-123456);
    const float = Buffer.alloc(4);
    float.writeFloatLE(2.5);
    expect(deserializeValue('double', float)).toBe(2.5);
  });

  it('orders strings by UTF-8 bytes and numbers numerically', () => {
    expect(compareValues('Z', 'a')).toBeLessThan(0);
    expect(compareValues(10, 9)).toBeGreaterThan(0);
  });
});
