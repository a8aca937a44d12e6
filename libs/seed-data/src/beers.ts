import { BEER_STYLES, type BeerStyle } from './beer-styles.js';
import type { SeedRecord } from './csv.js';
import { seededFaker } from './faker.js';
import { beerName } from './names.js';
import type { Random } from './random.js';
import { PopularityPicker, WeightedSampler, zipfWeights, type Popularity } from './weighted.js';

/** What reviews need to know about each beer; index = beer_id - 1. */
export interface BeerCatalog {
  readonly breweryId: Int32Array;
  /** The beer's true mean score, around which its reviews scatter. */
  readonly quality: Float64Array;
}

/** Most beers are decent, a few are great or poor: mean and spread of the per-beer quality. */
const QUALITY_MEAN = 3.8;
const QUALITY_SD = 0.3;
/** Beers per brewery: at scale 1 the biggest breweries make several hundred beers. */
const BREWERY_POPULARITY: Popularity = { exponent: 1, offsetPerEntity: 0.003 };
/** Share of beers whose ABV is unknown (null in the source). */
const UNKNOWN_ABV_RATE = 0.015;

/**
 * Which brewery makes each beer, and how good it is. Every brewery makes at least one beer (the
 * original only lists breweries through their beers); the other beers go to breweries by
 * Zipf-like popularity.
 */
export function planBeers(beers: number, breweries: number, random: Random): BeerCatalog {
  const popularity = new PopularityPicker(breweries, BREWERY_POPULARITY, random);
  const breweryIndex = new Int32Array(beers);
  for (let i = 0; i < beers; i++) breweryIndex[i] = i < breweries ? i : popularity.pick(random);
  const order = random.permutation(beers);
  const breweryId = new Int32Array(beers);
  const quality = new Float64Array(beers);
  for (let i = 0; i < beers; i++) {
    breweryId[i] = (breweryIndex[order[i] as number] as number) + 1;
    quality[i] = QUALITY_MEAN + QUALITY_SD * random.normal();
  }
  return { breweryId, quality };
}

/** ABV in percent with one decimal, within the style's typical range. */
function abvOf(style: BeerStyle, random: Random): number {
  return Math.round((style.abvMin + random.unit() * (style.abvMax - style.abvMin)) * 10) / 10;
}

export function* beerRecords(catalog: BeerCatalog, random: Random): Generator<SeedRecord> {
  const faker = seededFaker(random);
  // Styles earlier in the list are the more popular ones, as in the original.
  const styles = new WeightedSampler(zipfWeights(BEER_STYLES.length, 1, 3));
  for (let i = 0; i < catalog.breweryId.length; i++) {
    const style = BEER_STYLES[styles.draw(random)] as BeerStyle;
    yield {
      beer_id: i + 1,
      brewery_id: catalog.breweryId[i] as number,
      beer_name: beerName(random, faker, style.label),
      beer_style: style.name,
      beer_abv: random.chance(UNKNOWN_ABV_RATE) ? null : abvOf(style, random),
    };
  }
}
