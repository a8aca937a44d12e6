import { describe, expect, it } from 'vitest';
import { InvalidSeedOptionError } from './errors.js';
import { MAX_SCALE, seedRowCounts, validateScale, validateSeed } from './options.js';

describe('seedRowCounts', () => {
  it('is the original extract at scale 1', () => {
    expect(seedRowCounts(1)).toEqual({ brewery: 5_800, beer: 66_000, profile: 33_000, review: 1_500_000 });
  });

  it('multiplies every table by the scale', () => {
    expect(seedRowCounts(0.01)).toEqual({ brewery: 58, beer: 660, profile: 330, review: 15_000 });
    expect(seedRowCounts(2).review).toBe(3_000_000);
  });

  it('keeps at least one row per table, however small the scale', () => {
    expect(seedRowCounts(1e-9)).toEqual({ brewery: 1, beer: 1, profile: 1, review: 1 });
  });
});

describe('option validation', () => {
  it.each([0, -1, MAX_SCALE + 0.5, Number.NaN, Number.POSITIVE_INFINITY, '1', undefined])('rejects scale %s', (scale) => {
    expect(() => validateScale(scale)).toThrow(InvalidSeedOptionError);
  });

  it('names the offending scale in the message', () => {
    expect(() => validateScale(0)).toThrow('Invalid seed-data option scale=0: expected a number > 0 and ≤ 100.');
    expect(() => validateScale('2')).toThrow('scale="2"');
  });

  it('accepts the bounds of the scale', () => {
    expect(validateScale(MAX_SCALE)).toBe(MAX_SCALE);
    expect(validateScale(1e-6)).toBe(1e-6);
  });

  it.each([1.5, Number.NaN, 2 ** 53, '42', null])('rejects seed %s', (seed) => {
    expect(() => validateSeed(seed)).toThrow(InvalidSeedOptionError);
  });

  it('names the offending seed and accepts any safe integer', () => {
    expect(() => validateSeed(1.5)).toThrow('Invalid seed-data option seed=1.5: expected a safe integer.');
    expect(validateSeed(-7)).toBe(-7);
    expect(validateSeed(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });
});
