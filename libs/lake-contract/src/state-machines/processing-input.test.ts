import { lakeManifest } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { processingInput } from './processing-input.js';

describe('the processing state machine input', () => {
  it('puts silver tables of sources, derived silver tables and gold tables in their Map states, leaving other layers out', () => {
    const input = processingInput(lakeManifest().tables);
    expect(input).toEqual({
      silverTables: ['beer', 'brewery', 'profile', 'review'],
      derivedSilverTables: ['review_flat'],
      goldTables: ['state_by_review_volume', 'top_beers_by_rating', 'top_breweries_by_rating', 'top_drinkers', 'top_styles_by_popularity'],
    });
    expect(processingInput(lakeManifest().tables.filter((t) => t.layer === 'gold'))).toMatchObject({ silverTables: [], derivedSilverTables: [] });
  });
});
