import { lakeManifest, tablesInLayer } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { freshLakePerTest, type Change } from '../testing/lake-fixture.js';

const lake = freshLakePerTest();

const T0 = '2024-01-01T00:00:00Z';
const change = (op: Change['op'], change_ts: string, change_seq: number, values: Record<string, string | number | null>): Change => ({ op, change_ts, change_seq, ...values });
const review = (id: number, beer: number, brewery: number, profile: number, overall: number, time: string): Change =>
  change('load', T0, id, {
    review_id: id,
    brewery_id: brewery,
    beer_id: beer,
    profile_id: profile,
    review_overall: overall,
    review_aroma: overall,
    review_appearance: overall,
    review_palate: overall,
    review_taste: overall,
    review_time: time,
  });

/** January 2010: 26 reviews of beer 10 (brewery 1, IPA) by profile 100 (CA), 3 of beer 11 by 101 (NY); February: 2 more of beer 10. */
async function seedLake(): Promise<void> {
  await lake.writeBronze('brewery', 'load', [change('load', T0, 1, { brewery_id: 1, brewery_name: 'Alpha' }), change('load', T0, 2, { brewery_id: 2, brewery_name: 'Beta' })]);
  await lake.writeBronze('beer', 'load', [
    change('load', T0, 1, { beer_id: 10, brewery_id: 1, beer_name: 'Hoppy', beer_style: 'IPA', beer_abv: 6.5 }),
    change('load', T0, 2, { beer_id: 11, brewery_id: 2, beer_name: 'Dark', beer_style: 'Stout', beer_abv: 8 }),
  ]);
  await lake.writeBronze('profile', 'load', [
    change('load', T0, 1, { profile_id: 100, profile_name: 'tok-100', email: 'tok-e-100', state: 'CA' }),
    change('load', T0, 2, { profile_id: 101, profile_name: 'tok-101', email: 'tok-e-101', state: 'NY' }),
  ]);
  const reviews: Change[] = [];
  for (let id = 1; id <= 26; id++) reviews.push(review(id, 10, 1, 100, 4, `2010-01-${String((id % 28) + 1).padStart(2, '0')}T12:00:00Z`));
  for (let id = 27; id <= 29; id++) reviews.push(review(id, 11, 2, 101, 3, '2010-01-15T12:00:00Z'));
  reviews.push(review(30, 10, 1, 100, 5, '2010-02-01T00:00:00Z'), review(31, 10, 1, 100, 2, '2010-02-28T23:59:59Z'));
  await lake.writeBronze('review', 'load', reviews);
}

async function processAll(): Promise<void> {
  for (const table of ['brewery', 'beer', 'profile', 'review']) await lake.run(`silver.${table}`);
  await lake.run('silver.review_flat');
  for (const gold of tablesInLayer(lakeManifest(), 'gold')) await lake.run(gold.ref);
}

const JAN = { review_year: 2010, review_month: 1 };
const FEB = { review_year: 2010, review_month: 2 };

describe('review_flat and gold', () => {
  it('builds review_flat and the five gold tables from bronze (golden rows)', async () => {
    await seedLake();
    await processAll();
    const flat = await lake.rows('silver.review_flat');
    expect(flat).toHaveLength(31);
    expect(flat[0]).toMatchObject({ review_id: '1', beer_name: 'Hoppy', beer_style: 'IPA', brewery_name: 'Alpha', profile_name: 'tok-100', state: 'CA', ...JAN });
    expect(flat[30]).toMatchObject({ review_id: '31', review_time: '2010-02-28T23:59:59Z', ...FEB });

    expect(await lake.rows('gold.top_beers_by_rating')).toEqual([{ beer_id: '10', beer_name: 'Hoppy', beer_style: 'IPA', avg_rating: 4, total_reviews: '26', rated_reviews: '26', ...JAN }]);
    expect(await lake.rows('gold.top_breweries_by_rating')).toEqual([{ brewery_id: '1', brewery_name: 'Alpha', avg_rating: 4, total_reviews: '26', rated_reviews: '26', ...JAN }]);
    expect(await lake.rows('gold.top_styles_by_popularity')).toEqual([{ beer_style: 'IPA', total_reviews: '26', avg_rating: 4, rated_reviews: '26', ...JAN }]);
    expect(await lake.rows('gold.state_by_review_volume')).toEqual([
      { state: 'CA', total_reviews: '26', ...JAN },
      { state: 'NY', total_reviews: '3', ...JAN },
      { state: 'CA', total_reviews: '2', ...FEB },
    ]);
    expect(await lake.rows('gold.top_drinkers')).toEqual([
      { profile_id: '100', profile_name: 'tok-100', state: 'CA', total_reviews: '26', avg_rating: 4, rated_reviews: '26', ...JAN },
      { profile_id: '101', profile_name: 'tok-101', state: 'NY', total_reviews: '3', avg_rating: 3, rated_reviews: '3', ...JAN },
      { profile_id: '100', profile_name: 'tok-100', state: 'CA', total_reviews: '2', avg_rating: 3.5, rated_reviews: '2', ...FEB },
    ]);
  });

  it('recomputes only the touched month: deletes drop out, updates change averages, the threshold applies to the whole month', async () => {
    await seedLake();
    await processAll();
    const febFiles = async () => (await lake.ctx.lake.load(lake.ctx.lake.table('gold.top_drinkers'))).metadata;
    const before = await febFiles();

    await lake.writeBronze('review', 'wave', [
      change('delete', '2024-02-01T00:00:00Z', 1, { review_id: 1 }),
      { ...review(2, 10, 1, 100, 2, '2010-01-03T12:00:00Z'), op: 'update', change_ts: '2024-02-01T00:00:00Z', change_seq: 2 },
    ]);
    await processAll();
    // 25 live reviews left: 24 × 4 + 2 → 3.92
    expect(await lake.rows('gold.top_beers_by_rating')).toEqual([{ beer_id: '10', beer_name: 'Hoppy', beer_style: 'IPA', avg_rating: 3.92, total_reviews: '25', rated_reviews: '25', ...JAN }]);
    const gold = await lake.ctx.lake.load(lake.ctx.lake.table('gold.top_drinkers'));
    const summary = gold.metadata.snapshots.at(-1)?.summary;
    expect(summary).toMatchObject({ operation: 'overwrite', 'changed-partition-count': '1' });
    expect(gold.metadata['current-snapshot-id']).not.toBe(before['current-snapshot-id']);

    await lake.writeBronze('review', 'wave-2', [change('delete', '2024-03-01T00:00:00Z', 1, { review_id: 3 })]);
    await processAll();
    expect(await lake.rows('gold.top_beers_by_rating')).toEqual([]);
    // The soft-deleted reviews are still in silver, with deleted_at set, and not in review_flat.
    const silver = await lake.rows('silver.review');
    expect(silver.filter((r) => r['deleted_at'] !== null).map((r) => r['review_id'])).toEqual(['1', '3']);
    expect((await lake.rows('silver.review_flat')).map((r) => r['review_id'])).not.toContain('1');
  });

  it('follows a dimension change into every month that references it', async () => {
    await seedLake();
    await processAll();
    await lake.writeBronze('beer', 'rename', [change('update', '2024-02-01T00:00:00Z', 1, { beer_id: 10, brewery_id: 1, beer_name: 'Hoppier', beer_style: 'IPA', beer_abv: 6.5 })]);
    await processAll();
    const names = new Set((await lake.rows('silver.review_flat')).filter((r) => r['beer_id'] === '10').map((r) => r['beer_name']));
    expect(names).toEqual(new Set(['Hoppier']));
    expect((await lake.rows('gold.top_beers_by_rating'))[0]).toMatchObject({ beer_name: 'Hoppier' });
  });

  it('gives the same tables when the same work is processed again', async () => {
    await seedLake();
    await processAll();
    const gold = await lake.rows('gold.state_by_review_volume');
    const flat = await lake.rows('silver.review_flat');
    await lake.ledger.reprocessWhere({ status: 'succeeded' });
    await processAll();
    expect(await lake.rows('gold.state_by_review_volume')).toEqual(gold);
    expect(await lake.rows('silver.review_flat')).toEqual(flat);
  });
});
