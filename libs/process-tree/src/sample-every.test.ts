import { describe, expect, it } from 'vitest';
import { sampleEvery } from './sample-every.js';

const counter = () => {
  let n = 0;
  return () => n++;
};

describe('sampling every period', () => {
  it('samples at once, on every tick and at stop', async () => {
    const sampling = sampleEvery(20, counter());
    await new Promise((resolve) => setTimeout(resolve, 130));
    const samples = sampling.stop();
    expect(samples.length).toBeGreaterThanOrEqual(5);
    expect(samples).toEqual(samples.map((_, i) => i));
  });

  it('has a first and a last sample when stopped before the first tick, and none after', async () => {
    const sampling = sampleEvery(20, counter());
    const samples = sampling.stop();
    expect(samples).toEqual([0, 1]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(samples).toEqual([0, 1]);
  });
});
