import { describe, expect, it } from 'vitest';
import type { Sample } from './sampler.js';
import { NoSamplesError, usageBetween } from './stage-usage.js';

const sample = (atMs: number, cpuMs: number, rssBytes: number, spillBytes = 0): Sample => ({ atMs, cpuMs, rssBytes, spillBytes });
// CPU grows 100 ms per 100 ms until 300, then 200 per 100; memory peaks at 200, the spill at 300.
const samples = [sample(0, 0, 100), sample(100, 100, 300), sample(200, 200, 900, 10), sample(300, 300, 400, 50), sample(400, 500, 200)];

describe('attributing samples to a span of the run', () => {
  it('takes the CPU used between its ends, interpolated between samples', () => {
    expect(usageBetween(samples, 100, 300).cpuMs).toBe(200);
    expect(usageBetween(samples, 150, 350).cpuMs).toBe(400 - 150);
    expect(usageBetween(samples, -50, 1000).cpuMs).toBe(500);
  });

  it('takes the peaks of the samples inside it, not of those around it', () => {
    expect(usageBetween(samples, 0, 150)).toMatchObject({ peakRssBytes: 300, peakSpillBytes: 0 });
    expect(usageBetween(samples, 250, 400)).toMatchObject({ peakRssBytes: 400, peakSpillBytes: 50 });
  });

  it('gives a span shorter than the sampling period the first sample after its start', () => {
    expect(usageBetween(samples, 210, 260)).toEqual({ cpuMs: 50, peakRssBytes: 400, peakSpillBytes: 50 });
    expect(usageBetween(samples, 450, 480)).toMatchObject({ cpuMs: 0, peakRssBytes: 200 });
  });

  it('has nothing to attribute without samples', () => {
    expect(() => usageBetween([], 0, 1)).toThrow(NoSamplesError);
  });
});
