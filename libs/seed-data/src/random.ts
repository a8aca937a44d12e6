// The one source of randomness for numeric choices. pure-rand's v8 generators mutate in place,
// which keeps the hot review loop free of allocations.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

const TWO_POW_32 = 2 ** 32;
/** Mean and standard deviation of the sum of four uniform bytes (each 0..255, variance (256² − 1) / 12). */
const BYTE_SUM_MEAN = 4 * 127.5;
const BYTE_SUM_SD = Math.sqrt((4 * (256 * 256 - 1)) / 12);

export class Random {
  constructor(private readonly rng: JumpableRandomGenerator) {}

  /** Uniform in [0, 1) from one 32-bit draw: ample resolution for sampling, half the cost of 53 bits. */
  unit(): number {
    return (this.rng.next() >>> 0) / TWO_POW_32;
  }

  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  chance(probability: number): boolean {
    return this.unit() < probability;
  }

  /**
   * Approximately standard normal: the sum of the four bytes of one draw (Irwin–Hall), centred and
   * scaled to unit variance. It is bounded at about ±3.45 and comes in 1,021 steps, which is plenty for
   * scores rounded to half points, and it costs one draw instead of Box–Muller's log, sqrt and cos.
   */
  normal(): number {
    const bits = this.rng.next();
    const sum = (bits & 0xff) + ((bits >>> 8) & 0xff) + ((bits >>> 16) & 0xff) + (bits >>> 24);
    return (sum - BYTE_SUM_MEAN) / BYTE_SUM_SD;
  }

  /** The integers 0..n-1 in random order (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      const swap = order[i] as number;
      order[i] = order[j] as number;
      order[j] = swap;
    }
    return order;
  }
}

/**
 * The random stream numbered `stream` for this seed. Streams are 2^64 draws apart (xoroshiro's
 * jump), so each table draws from its own stream and changing how one table is generated never
 * shifts the values of another. The whole safe-integer seed goes into the 128-bit state, so
 * distinct seeds never share a stream.
 */
export function randomStream(seed: number, stream: number): Random {
  const low = seed | 0;
  const high = Math.floor(seed / TWO_POW_32) | 0;
  // Same layout as pure-rand's xoroshiro128plus(seed), with the seed's high bits in the last word.
  const rng = xoroshiro128plusFromState([-1, ~low, low, high]);
  // Jumping at least once also scrambles the sparse initial state that a small seed leaves.
  for (let i = 0; i <= stream; i++) rng.jump();
  return new Random(rng);
}
