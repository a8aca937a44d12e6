// Seeded draws for the simulator. Every stream is keyed by a list of integers (seed, purpose, row
// id…), so a row's synthesized values depend on its key alone, never on what was drawn before.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

const TWO_POW_32 = 2 ** 32;

export class Draws {
  constructor(private readonly rng: RandomGenerator) {}

  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  /** Uniform in [0, 1). */
  unit(): number {
    return uniformFloat64(this.rng);
  }

  chance(probability: number): boolean {
    return this.unit() < probability;
  }

  /** A key of `weights`, in proportion to its weight (weights ≥ 0, at least one above 0). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let point = this.unit() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [key, weight] of entries) {
      point -= weight;
      if (point < 0) return key;
    }
    // Rounding can leave the point at the very end: the last key with weight takes it.
    return entries.filter(([, weight]) => weight > 0).at(-1)?.[0] as K;
  }
}

/** The draws keyed by these integers (each a safe integer). */
export function drawsFor(...key: readonly number[]): Draws {
  const words = key.flatMap((n) => [n | 0, Math.floor(n / TWO_POW_32) | 0]);
  const state = [0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x85a308d3].map((salt) => words.reduce(mix, salt));
  return new Draws(xoroshiro128plusFromState(state));
}

/** MurmurHash3's finaliser over one more word: every input bit reaches every output bit. */
function mix(hash: number, word: number): number {
  let h = Math.imul(hash ^ word, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
