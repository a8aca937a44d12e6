// Attributing a command's samples to a span of its run: the CPU time used between two instants (the cumulative
// CPU interpolated at each end), and the peak resident memory and spill size seen while it ran.
import type { Sample } from './sampler.js';

export interface SpanUsage {
  readonly cpuMs: number;
  readonly peakRssBytes: number;
  readonly peakSpillBytes: number;
}

/** Thrown when there is nothing to attribute: the command ended before its first sample. */
export class NoSamplesError extends Error {
  override readonly name = 'NoSamplesError';
  constructor() {
    super('No samples were taken of the command, so no span of it can be measured.');
  }
}

/** The cumulative CPU time at `atMs`, linear between the samples around it; clamped to the first and last sample. */
function cpuAt(samples: readonly Sample[], atMs: number): number {
  const after = samples.findIndex((s) => s.atMs >= atMs);
  if (after === -1) return (samples.at(-1) as Sample).cpuMs;
  const next = samples[after] as Sample;
  const previous = samples[after - 1];
  if (previous === undefined || next.atMs === previous.atMs) return next.cpuMs;
  return previous.cpuMs + ((next.cpuMs - previous.cpuMs) * (atMs - previous.atMs)) / (next.atMs - previous.atMs);
}

/**
 * The usage of [fromMs, toMs]. Peaks are the largest samples taken inside it; a span shorter than the sampling period
 * may hold none, and then gets the first sample after it starts (or the last one taken).
 */
export function usageBetween(samples: readonly Sample[], fromMs: number, toMs: number): SpanUsage {
  if (samples.length === 0) throw new NoSamplesError();
  const inside = samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
  const seen = inside.length > 0 ? inside : [samples.find((s) => s.atMs >= fromMs) ?? (samples.at(-1) as Sample)];
  return {
    cpuMs: Math.max(0, cpuAt(samples, toMs) - cpuAt(samples, fromMs)),
    peakRssBytes: Math.max(...seen.map((s) => s.rssBytes)),
    peakSpillBytes: Math.max(...seen.map((s) => s.spillBytes)),
  };
}
