import type { Random } from './random.js';

/**
 * Draws indexes 0..n-1 in proportion to their weights in constant time, with Walker's alias method
 * (Vose's construction): index i is kept with probability keep[i], else its alias is taken. One
 * draw decides both the index and the coin, which matters in the review loop (two draws a row).
 */
export class WeightedSampler {
  private readonly keep: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i] as number;
    const scaled = Float64Array.from(weights, (weight) => (weight * n) / total);
    this.keep = new Float64Array(n).fill(1);
    this.alias = Int32Array.from({ length: n }, (_, i) => i);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) ((scaled[i] as number) < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.keep[s] = scaled[s] as number;
      this.alias[s] = l;
      scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
      ((scaled[l] as number) < 1 ? small : large).push(l);
    }
    // Whatever is left over holds (up to rounding) exactly its share: keep[i] stays 1.
  }

  draw(random: Random): number {
    const position = random.unit() * this.keep.length;
    const index = Math.floor(position);
    return position - index < (this.keep[index] as number) ? index : (this.alias[index] as number);
  }
}

/** Zipf–Mandelbrot weights (rank + offset)^-exponent for ranks 0..n-1: a heavy head and a long, thin tail. */
export function zipfWeights(n: number, exponent: number, offset: number): Float64Array {
  const weights = new Float64Array(n);
  for (let rank = 0; rank < n; rank++) weights[rank] = Math.pow(rank + offset, -exponent);
  return weights;
}

/** The shape of a popularity distribution: Zipf exponent, and the offset per entity (see zipfWeights). */
export interface Popularity {
  readonly exponent: number;
  readonly offsetPerEntity: number;
}

/**
 * Picks among n entities with Zipf-like popularity: a few are picked thousands of times, most a
 * handful. Popularity ranks are dealt out in random order, so an entity's id says nothing about
 * how popular it is. The offset grows with n, keeping the shape of the distribution the same at
 * every scale.
 */
export class PopularityPicker {
  private readonly sampler: WeightedSampler;
  private readonly entityOfRank: Int32Array;

  constructor(n: number, { exponent, offsetPerEntity }: Popularity, random: Random) {
    this.sampler = new WeightedSampler(zipfWeights(n, exponent, Math.max(1, n * offsetPerEntity)));
    this.entityOfRank = random.permutation(n);
  }

  /** An entity index in 0..n-1. */
  pick(random: Random): number {
    return this.entityOfRank[this.sampler.draw(random)] as number;
  }
}
