import { beerRecords, planBeers } from './beers.js';
import { breweryRecords } from './breweries.js';
import type { SeedRecord } from './csv.js';
import type { SeedTable } from './options.js';
import { planProfileBias, profileRecords } from './profiles.js';
import { randomStream } from './random.js';
import { reviewRecords } from './reviews.js';

/**
 * Every part of the dataset draws from its own random stream, so teaching one table a new column
 * leaves the values of every other table as they were.
 */
const STREAM = { brewery: 0, beer: 1, profile: 2, review: 3, beerPlan: 4, profileBias: 5 } as const;

/**
 * The records of every seed table, generated lazily as they are iterated. Only what reviews must
 * know about beers and profiles (brewery, quality, rating bias) is computed up front.
 */
export function seedRecords(rows: Readonly<Record<SeedTable, number>>, seed: number): Record<SeedTable, Iterable<SeedRecord>> {
  const beers = planBeers(rows.beer, rows.brewery, randomStream(seed, STREAM.beerPlan));
  const profileBias = planProfileBias(rows.profile, randomStream(seed, STREAM.profileBias));
  return {
    brewery: breweryRecords(rows.brewery, randomStream(seed, STREAM.brewery)),
    beer: beerRecords(beers, randomStream(seed, STREAM.beer)),
    profile: profileRecords(rows.profile, randomStream(seed, STREAM.profile)),
    review: reviewRecords({ reviews: rows.review, beers, profileBias }, randomStream(seed, STREAM.review)),
  };
}
