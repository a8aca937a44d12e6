import { describe, expect, it } from 'vitest';
import { randomStream } from './random.js';
import { PopularityPicker, WeightedSampler, zipfWeights } from './weighted.js';

/** How often each of 0..size-1 comes out of `draws` calls of `draw`. */
function tally(size: number, draws: number, draw: () => number): number[] {
  const counts = new Array<number>(size).fill(0);
  for (let i = 0; i < draws; i++) {
    const index = draw();
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}

describe('WeightedSampler', () => {
  it('draws each index in proportion to its weight, and never a zero-weight one', () => {
    const weights = [1, 2, 0, 7];
    const sampler = new WeightedSampler(weights);
    const random = randomStream(11, 0);
    const n = 200_000;
    const counts = tally(weights.length, n, () => sampler.draw(random));
    const total = weights.reduce((sum, w) => sum + w, 0);
    expect(counts.map((count) => count / n)).toEqual(weights.map((weight) => expect.closeTo(weight / total, 2)));
    expect(counts[2]).toBe(0);
  });
});

describe('zipfWeights', () => {
  it('decreases with rank, as (rank + offset)^-exponent', () => {
    const weights = Array.from(zipfWeights(4, 2, 1));
    expect(weights).toEqual([1, 1 / 4, 1 / 9, 1 / 16]);
  });
});

describe('PopularityPicker', () => {
  it('gives a few entities most picks, and not always the lowest ids', () => {
    const n = 1000;
    const picker = new PopularityPicker(n, { exponent: 1.3, offsetPerEntity: 0.003 }, randomStream(3, 0));
    const random = randomStream(3, 1);
    const picks = 100_000;
    const counts = tally(n, picks, () => picker.pick(random));
    const sorted = [...counts].sort((a, b) => b - a);
    const top1Percent = sorted.slice(0, n / 100).reduce((sum, c) => sum + c, 0);
    expect(top1Percent / picks).toBeGreaterThan(0.1);
    expect(counts.indexOf(Math.max(...counts))).not.toBe(0);
  });
});
