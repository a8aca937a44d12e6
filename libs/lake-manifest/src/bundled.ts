// The lake's own manifest, bundled into every consumer (CLI, workers) so nothing reads it from
// disk at run time. Adding a table: add its JSON file under tables/ and list it here; a test
// fails if a file in tables/ is missing from this list.
import lake from '../tables/lake.json' with { type: 'json' };
import stateByReviewVolume from '../tables/gold/state_by_review_volume.json' with { type: 'json' };
import topBeersByRating from '../tables/gold/top_beers_by_rating.json' with { type: 'json' };
import topBreweriesByRating from '../tables/gold/top_breweries_by_rating.json' with { type: 'json' };
import topDrinkers from '../tables/gold/top_drinkers.json' with { type: 'json' };
import topStylesByPopularity from '../tables/gold/top_styles_by_popularity.json' with { type: 'json' };
import reviewFlat from '../tables/silver/review_flat.json' with { type: 'json' };
import beer from '../tables/sources/beer.json' with { type: 'json' };
import brewery from '../tables/sources/brewery.json' with { type: 'json' };
import profile from '../tables/sources/profile.json' with { type: 'json' };
import review from '../tables/sources/review.json' with { type: 'json' };
import type { LakeManifest } from './model.js';
import { buildManifest, type ManifestSources } from './resolve.js';

export const BUNDLED_MANIFEST_SOURCES: ManifestSources = {
  lake: { file: 'tables/lake.json', data: lake },
  tables: [
    { file: 'tables/sources/brewery.json', data: brewery },
    { file: 'tables/sources/beer.json', data: beer },
    { file: 'tables/sources/profile.json', data: profile },
    { file: 'tables/sources/review.json', data: review },
    { file: 'tables/silver/review_flat.json', data: reviewFlat },
    { file: 'tables/gold/top_beers_by_rating.json', data: topBeersByRating },
    { file: 'tables/gold/top_breweries_by_rating.json', data: topBreweriesByRating },
    { file: 'tables/gold/top_drinkers.json', data: topDrinkers },
    { file: 'tables/gold/top_styles_by_popularity.json', data: topStylesByPopularity },
    { file: 'tables/gold/state_by_review_volume.json', data: stateByReviewVolume },
  ],
};

let cached: LakeManifest | undefined;

/** The validated lake manifest of this platform (validated once, on first use). */
export function lakeManifest(): LakeManifest {
  cached ??= buildManifest(BUNDLED_MANIFEST_SOURCES);
  return cached;
}
