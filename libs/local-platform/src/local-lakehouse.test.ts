import { describe, expect, it } from 'vitest';
import { engineMemory } from './local-lakehouse.js';

const home = (memoryLimitBytes: number) => ({ memoryLimitBytes, memoryLimitSource: '--memory-limit', spillDir: '/home/spill' });
const MiB = 2 ** 20;

describe("DuckDB's share of a lake home's processing budget", () => {
  it('is half the budget, in the spill folder, naming the budget it is a share of', () => {
    expect(engineMemory(home(2e9), 2)).toEqual({ memoryLimitBytes: 1e9, threads: 2, spillDir: '/home/spill', budget: { bytes: 2e9, source: '--memory-limit' } });
  });

  it('has a thread per 64 MiB beyond the first 64 MiB, at least one and no more than the cores', () => {
    const threads = (budget: number, cores: number) => engineMemory(home(budget), cores).threads;
    expect(threads(512e6, 16)).toBe(2); // 244 MiB
    expect(threads(1e9, 16)).toBe(6); // 477 MiB
    expect(threads(2e9, 16)).toBe(13); // 954 MiB
    expect(threads(2e9, 4)).toBe(4);
    expect(threads(256 * MiB, 16)).toBe(1);
  });
});
