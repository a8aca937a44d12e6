import { InvalidSeedOptionError } from './errors.js';

/** The source tables the seed dataset fills, in the order they are written (referenced ones first). */
export const SEED_TABLES = ['brewery', 'beer', 'profile', 'review'] as const;
export type SeedTable = (typeof SEED_TABLES)[number];

/** Rows per table at scale 1: the size of the original "1.5 Million Beer Reviews" extract. */
const FULL_SCALE_ROWS: Readonly<Record<SeedTable, number>> = {
  brewery: 5_800,
  beer: 66_000,
  profile: 33_000,
  review: 1_500_000,
};

export const MAX_SCALE = 100;

/** Rows of each table at this scale; every table keeps at least one row so references always resolve. */
export function seedRowCounts(scale: number): Record<SeedTable, number> {
  const rows = (table: SeedTable) => Math.max(1, Math.round(FULL_SCALE_ROWS[table] * scale));
  return { brewery: rows('brewery'), beer: rows('beer'), profile: rows('profile'), review: rows('review') };
}

export function validateScale(scale: unknown): number {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new InvalidSeedOptionError('scale', scale, `a number > 0 and ≤ ${MAX_SCALE}`);
  }
  return scale;
}

export function validateSeed(seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new InvalidSeedOptionError('seed', seed, 'a safe integer');
  }
  return seed;
}
