import { describe, expect, it } from 'vitest';
import { randomStream, type Random } from './random.js';

const draws = (random: Random, n: number) => Array.from({ length: n }, () => random.unit());

describe('randomStream', () => {
  it('repeats itself for the same seed and stream', () => {
    expect(draws(randomStream(42, 3), 20)).toEqual(draws(randomStream(42, 3), 20));
  });

  it('differs between streams and between seeds, including seeds 2^32 apart', () => {
    const base = draws(randomStream(42, 0), 20);
    expect(draws(randomStream(42, 1), 20)).not.toEqual(base);
    expect(draws(randomStream(43, 0), 20)).not.toEqual(base);
    expect(draws(randomStream(42 + 2 ** 32, 0), 20)).not.toEqual(base);
  });

  it('draws units in [0, 1) and integers within their bounds', () => {
    const random = randomStream(1, 0);
    const units = draws(random, 10_000);
    expect(Math.min(...units)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...units)).toBeLessThan(1);
    const ints = new Set(Array.from({ length: 1000 }, () => random.int(3, 5)));
    expect([...ints].sort()).toEqual([3, 4, 5]);
  });

  it('draws approximately standard normals', () => {
    const random = randomStream(7, 0);
    const values = Array.from({ length: 100_000 }, () => random.normal());
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    // About 68% of a normal lies within one standard deviation.
    expect(values.filter((v) => Math.abs(v) < 1).length / values.length).toBeCloseTo(0.68, 1);
  });

  it('shuffles into a permutation', () => {
    const order = Array.from(randomStream(5, 0).permutation(1000));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
  });
});
