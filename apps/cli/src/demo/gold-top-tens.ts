// The demo's closing view: each gold table's top 10 for the busiest month, queried as the `demo`
// principal (gold only, no PII), so the output itself shows the grants at work.
import { governedQuery, type GovernedQueryDeps, type QueryResult } from '@datamaster/lakehouse';

export interface GoldTopTen {
  readonly title: string;
  readonly result: QueryResult;
}

const TOP_TENS: readonly { readonly title: string; readonly sql: (month: string) => string }[] = [
  { title: 'Top beers by rating (≥ 25 reviews)', sql: (m) => `SELECT beer_name, beer_style, round(avg_rating, 2) AS avg_rating, total_reviews FROM gold.top_beers_by_rating WHERE ${m} ORDER BY avg_rating DESC, total_reviews DESC, beer_id LIMIT 10` },
  { title: 'Top breweries by rating (≥ 25 reviews)', sql: (m) => `SELECT brewery_name, round(avg_rating, 2) AS avg_rating, total_reviews FROM gold.top_breweries_by_rating WHERE ${m} ORDER BY avg_rating DESC, total_reviews DESC, brewery_id LIMIT 10` },
  { title: 'Top styles by popularity (≥ 25 reviews)', sql: (m) => `SELECT beer_style, total_reviews, round(avg_rating, 2) AS avg_rating FROM gold.top_styles_by_popularity WHERE ${m} ORDER BY total_reviews DESC, beer_style LIMIT 10` },
  { title: 'States by review volume', sql: (m) => `SELECT state, total_reviews FROM gold.state_by_review_volume WHERE ${m} ORDER BY total_reviews DESC, state LIMIT 10` },
  { title: 'Top drinkers (profile ids: names are PII)', sql: (m) => `SELECT profile_id, state, total_reviews, round(avg_rating, 2) AS avg_rating FROM gold.top_drinkers WHERE ${m} ORDER BY total_reviews DESC, profile_id LIMIT 10` },
];

export async function goldTopTens(deps: GovernedQueryDeps): Promise<{ month?: string; tables: GoldTopTen[] }> {
  const busiest = await governedQuery(deps, {
    principal: 'demo',
    sql: 'SELECT review_year, review_month FROM gold.state_by_review_volume GROUP BY ALL ORDER BY sum(total_reviews) DESC, review_year DESC, review_month DESC LIMIT 1',
  });
  const [row] = busiest.rows;
  if (row === undefined) return { tables: [] };
  const where = `review_year = ${Number(row['review_year'])} AND review_month = ${Number(row['review_month'])}`;
  const tables: GoldTopTen[] = [];
  for (const topTen of TOP_TENS) tables.push({ title: topTen.title, result: await governedQuery(deps, { principal: 'demo', sql: topTen.sql(where) }) });
  return { month: `${row['review_year']}-${String(row['review_month']).padStart(2, '0')}`, tables };
}
