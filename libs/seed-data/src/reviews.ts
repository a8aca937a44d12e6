// The hot loop: 1.5 million rows at scale 1. Plain arithmetic on typed arrays only, no faker, no
// BigInt; one small object per row that the CSV encoder turns into text straight away.
import type { BeerCatalog } from './beers.js';
import type { SeedRecord } from './csv.js';
import type { Random } from './random.js';
import { PopularityPicker, type Popularity } from './weighted.js';

/** Reviews span 1998-01-01T00:00:00Z (included) to 2013-01-01T00:00:00Z (excluded), in unix seconds. */
const FIRST_REVIEW_TIME = Date.UTC(1998, 0, 1) / 1000;
const REVIEW_TIME_END = Date.UTC(2013, 0, 1) / 1000;
const REVIEW_SPAN = REVIEW_TIME_END - FIRST_REVIEW_TIME;

/**
 * Reviews per beer and per profile, tuned so that at scale 1 the top beer gets a few thousand
 * reviews and the median beer a handful, and the busiest reviewer several thousand.
 */
const BEER_POPULARITY: Popularity = { exponent: 1.3, offsetPerEntity: 0.003 };
const PROFILE_POPULARITY: Popularity = { exponent: 1.4, offsetPerEntity: 0.003 };

/** How far one review's overall score strays from beer quality plus reviewer bias. */
const OVERALL_SD = 0.45;
/** How far each aspect strays from the overall impression: taste tracks it closely, appearance least. */
const AROMA_SD = 0.35;
const APPEARANCE_SD = 0.45;
const PALATE_SD = 0.35;
const TASTE_SD = 0.25;
/** Share of aspect scores left blank by the reviewer (null in the source). */
const BLANK_ASPECT_RATE = 0.015;

/** The nearest score on the 1–5 scale in steps of 0.5. */
function halfStep(latent: number): number {
  return Math.min(5, Math.max(1, Math.round(latent * 2) / 2));
}

export interface ReviewPlan {
  readonly reviews: number;
  readonly beers: BeerCatalog;
  /** Each profile's rating bias; index = profile_id - 1. */
  readonly profileBias: Float64Array;
}

export function* reviewRecords(plan: ReviewPlan, random: Random): Generator<SeedRecord> {
  const { breweryId, quality } = plan.beers;
  const bias = plan.profileBias;
  const beerCount = quality.length;
  const profileCount = bias.length;
  const beerPicker = new PopularityPicker(beerCount, BEER_POPULARITY, random);
  const profilePicker = new PopularityPicker(profileCount, PROFILE_POPULARITY, random);
  // The first reviews visit every beer and every profile once (in random order), because in the
  // original each beer and profile exists only through at least one review.
  const firstBeers = random.permutation(beerCount);
  const firstProfiles = random.permutation(profileCount);
  const aspect = (latent: number, sd: number) => (random.chance(BLANK_ASPECT_RATE) ? null : halfStep(latent + sd * random.normal()));

  for (let i = 0; i < plan.reviews; i++) {
    const beer = i < beerCount ? (firstBeers[i] as number) : beerPicker.pick(random);
    const profile = i < profileCount ? (firstProfiles[i] as number) : profilePicker.pick(random);
    const latent = (quality[beer] as number) + (bias[profile] as number) + OVERALL_SD * random.normal();
    // The cube root skews times toward the end: review volume grew year over year.
    const time = FIRST_REVIEW_TIME + Math.floor(Math.cbrt(random.unit()) * REVIEW_SPAN);
    yield {
      review_id: i + 1,
      brewery_id: breweryId[beer] as number,
      beer_id: beer + 1,
      profile_id: profile + 1,
      review_overall: halfStep(latent),
      review_aroma: aspect(latent, AROMA_SD),
      review_appearance: aspect(latent, APPEARANCE_SD),
      review_palate: aspect(latent, PALATE_SD),
      review_taste: aspect(latent, TASTE_SD),
      review_time: time,
    };
  }
}
