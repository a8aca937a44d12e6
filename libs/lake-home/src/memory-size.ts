// Memory sizes as people write them ("2GB", "512MB", "1.5GiB"): the processing budget of a lake home and of
// `--memory-limit`. Decimal units are powers of 1000, binary ones of 1024, as DuckDB reads them.
const UNITS: Readonly<Record<string, number>> = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 2 ** 10, MIB: 2 ** 20, GIB: 2 ** 30, TIB: 2 ** 40 };
const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B)\s*$/i;

/** The default budget of a processing run: what a laptop can spare at any data size (the engine spills past it). */
export const DEFAULT_MEMORY_LIMIT = '2GB';

/**
 * The smallest budget accepted. DuckDB gets half of the budget, and part of what it holds cannot be spilled: each of
 * its threads keeps blocks of the files it reads and writes pinned. `process all` from a fresh home on 2 threads ran
 * out of memory (in silver.review_flat) at 340 MB and passed from 350 MB at scales 0.3 and 1; 512 MB is half again
 * as much. DuckDB gets fewer threads the smaller the budget (local-platform's engineMemory), 2 at 512 MB, so that
 * it holds on a machine of any number of cores. Larger lakes need more (scale 10: 768 MB): a job that runs out of
 * memory says so and names the budget (EngineOutOfMemoryError). Measurements: docs/lakehouse.md, "The smallest budget".
 */
export const MIN_MEMORY_LIMIT = '512MB';

/** Thrown for a size that is not a number with a unit, naming what was given and how to write it. */
export class InvalidMemorySizeError extends Error {
  override readonly name = 'InvalidMemorySizeError';
  constructor(readonly given: string, readonly source: string) {
    super(`${source}: "${given}" is not a memory size; write a number and a unit, e.g. 2GB, 512MB or 1.5GiB (at least ${MIN_MEMORY_LIMIT})`);
  }
}

/** Thrown for a budget below MIN_MEMORY_LIMIT, which processing would not finish in. */
export class MemoryLimitTooSmallError extends Error {
  override readonly name = 'MemoryLimitTooSmallError';
  constructor(readonly given: string, readonly source: string) {
    super(`${source}: "${given}" is below the smallest processing budget, ${MIN_MEMORY_LIMIT}: the embedded engine runs out of memory below it. Give ${MIN_MEMORY_LIMIT} or more.`);
  }
}

/** Bytes of a size such as "2GB"; NaN for what is not one. */
function bytesOf(text: string): number {
  const match = SIZE.exec(text);
  return match ? Number(match[1]) * (UNITS[(match[2] as string).toUpperCase()] as number) : Number.NaN;
}

/** Bytes of a size such as "2GB", at least MIN_MEMORY_LIMIT; the errors name `source` (the option or config field). */
export function parseMemorySize(text: string, source: string): number {
  const bytes = bytesOf(text);
  if (!Number.isFinite(bytes)) throw new InvalidMemorySizeError(text, source);
  if (bytes < bytesOf(MIN_MEMORY_LIMIT)) throw new MemoryLimitTooSmallError(text, source);
  return Math.floor(bytes);
}
