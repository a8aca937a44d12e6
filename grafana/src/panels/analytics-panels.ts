// The analytics dashboard's panels: the five gold tables through Athena, for the years and months chosen.
// A month's averages are combined by their weights (rated_reviews), never as an average of averages, so a year's
// figure equals the average over its reviews; totals are sums of the months' counts.
import type { LakeManifest } from '@datamaster/lake-manifest';
import { goldTable } from './manifest-tables.js';
import { sql, type SqlPanel } from './sql-panel.js';

/** The dashboard's variables as Grafana expands them in SQL: the chosen years and months, comma-separated. */
export const PERIOD_FILTER = 'review_year IN (${year:csv}) AND review_month IN (${month:csv})';

/** Average of the months' averages, each weighted by its rated reviews: the average over all of them. */
const weightedRating = 'round(sum(avg_rating * rated_reviews) / nullif(sum(rated_reviews), 0), 2)';

export function analyticsPanels(manifest: LakeManifest): SqlPanel[] {
  const rating = ['avg_rating', 'rated_reviews', 'total_reviews', 'review_year', 'review_month'];
  const beers = goldTable(manifest, 'top_beers_by_rating', ['beer_id', 'beer_name', 'beer_style', ...rating]);
  const breweries = goldTable(manifest, 'top_breweries_by_rating', ['brewery_id', 'brewery_name', ...rating]);
  const styles = goldTable(manifest, 'top_styles_by_popularity', ['beer_style', ...rating]);
  const drinkers = goldTable(manifest, 'top_drinkers', ['profile_id', 'state', ...rating]);
  const states = goldTable(manifest, 'state_by_review_volume', ['state', 'total_reviews', 'review_year', 'review_month']);
  return [
    {
      key: 'reviews',
      title: 'Reviews',
      description: 'Live reviews in the chosen months (every reviewer counted: gold.top_drinkers has no minimum).',
      visual: 'stat',
      sql: sql`SELECT sum(total_reviews) AS reviews FROM ${drinkers} WHERE ${PERIOD_FILTER}`,
      columns: ['reviews'],
      unit: 'short',
    },
    {
      key: 'average-rating',
      title: 'Average overall rating',
      description: 'Over every rated review of the chosen months: the months weighted by their rated reviews.',
      visual: 'stat',
      sql: sql`SELECT ${weightedRating} AS avg_rating FROM ${drinkers} WHERE ${PERIOD_FILTER}`,
      columns: ['avg_rating'],
    },
    {
      key: 'top-beers',
      title: 'Top beers by rating',
      description: 'Beers with at least 25 reviews in a month, over the months they had them; ties by review count.',
      visual: 'table',
      sql: sql`
        SELECT beer_name, beer_style, ${weightedRating} AS avg_rating, sum(total_reviews) AS reviews
        FROM ${beers} WHERE ${PERIOD_FILTER}
        GROUP BY beer_id, beer_name, beer_style
        ORDER BY avg_rating DESC, reviews DESC, beer_id LIMIT 20`,
      columns: ['beer_name', 'beer_style', 'avg_rating', 'reviews'],
    },
    {
      key: 'top-breweries',
      title: 'Top breweries by rating',
      description: 'Breweries with at least 25 reviews in a month, over the months they had them.',
      visual: 'table',
      sql: sql`
        SELECT brewery_name, ${weightedRating} AS avg_rating, sum(total_reviews) AS reviews
        FROM ${breweries} WHERE ${PERIOD_FILTER}
        GROUP BY brewery_id, brewery_name
        ORDER BY avg_rating DESC, reviews DESC, brewery_id LIMIT 20`,
      columns: ['brewery_name', 'avg_rating', 'reviews'],
    },
    {
      key: 'top-styles',
      title: 'Top styles by popularity',
      description: 'Reviews per style (styles with at least 25 in a month) and their average rating.',
      visual: 'barchart',
      sql: sql`
        SELECT beer_style, sum(total_reviews) AS reviews, ${weightedRating} AS avg_rating
        FROM ${styles} WHERE ${PERIOD_FILTER}
        GROUP BY beer_style
        ORDER BY reviews DESC, beer_style LIMIT 15`,
      columns: ['beer_style', 'reviews', 'avg_rating'],
    },
    {
      key: 'top-drinkers',
      title: 'Top drinkers',
      description: 'The most active reviewers, by profile id (their names are PII, which the dashboards never read).',
      visual: 'table',
      sql: sql`
        SELECT profile_id, max(state) AS state, sum(total_reviews) AS reviews, ${weightedRating} AS avg_rating
        FROM ${drinkers} WHERE ${PERIOD_FILTER}
        GROUP BY profile_id
        ORDER BY reviews DESC, profile_id LIMIT 20`,
      columns: ['profile_id', 'state', 'reviews', 'avg_rating'],
    },
    {
      key: 'state-map',
      title: 'Reviews by state',
      description: "Live reviews by the reviewer's state (US state codes).",
      visual: 'geomap',
      sql: sql`
        SELECT state, sum(total_reviews) AS reviews
        FROM ${states} WHERE ${PERIOD_FILTER}
        GROUP BY state ORDER BY reviews DESC, state`,
      columns: ['state', 'reviews'],
      unit: 'short',
    },
    {
      key: 'reviews-per-month',
      title: 'Reviews per month',
      description: 'Live reviews per month of the chosen years and months.',
      visual: 'timeseries',
      sql: sql`
        SELECT CAST(CAST(review_year AS varchar) || '-' || lpad(CAST(review_month AS varchar), 2, '0') || '-01' AS timestamp) AS time,
               sum(total_reviews) AS reviews
        FROM ${drinkers} WHERE ${PERIOD_FILTER}
        GROUP BY review_year, review_month ORDER BY time`,
      columns: ['time', 'reviews'],
      unit: 'short',
    },
  ];
}

/** The years variable's query: the years gold holds, newest first. */
export function yearsQuery(manifest: LakeManifest): string {
  return `SELECT DISTINCT review_year FROM ${goldTable(manifest, 'state_by_review_volume', ['review_year'])} ORDER BY review_year DESC`;
}
