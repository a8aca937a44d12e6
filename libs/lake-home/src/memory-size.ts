// Memory sizes as people write them ("2GB", "512MB", "1.5GiB"): the processing budget of a lake home and of
// `--memory-limit`. Decimal units are powers of 1000, binary ones of 1024, as DuckDB reads them.
const UNITS: Readonly<Record<string, number>> = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 2 ** 10, MIB: 2 ** 20, GIB: 2 ** 30, TIB: 2 ** 40 };
const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B)\s*$/i;

/** The default budget of a processing run: what a laptop can spare at any data size (the engine spills past it). */
export const DEFAULT_MEMORY_LIMIT = '2GB';

/** Thrown for a size that is not a number with a unit, naming what was given and how to write it. */
export class InvalidMemorySizeError extends Error {
  override readonly name = 'InvalidMemorySizeError';
  constructor(readonly given: string, readonly source: string) {
    super(`${source}: "${given}" is not a memory size; write a number and a unit, e.g. 2GB, 512MB or 1.5GiB (at least 256MB)`);
  }
}

/** Bytes of a size such as "2GB"; throws InvalidMemorySizeError naming `source` (the option or config field). */
export function parseMemorySize(text: string, source: string): number {
  const match = SIZE.exec(text);
  const bytes = match ? Number(match[1]) * (UNITS[(match[2] as string).toUpperCase()] as number) : Number.NaN;
  if (!Number.isFinite(bytes) || bytes < 256e6) throw new InvalidMemorySizeError(text, source);
  return Math.floor(bytes);
}
