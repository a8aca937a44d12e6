// The transform SQL shared by both engines (DuckDB embedded, Spark on EMR): one file per derived
// table plus the silver MERGE template, under transforms/. Engines register the inputs each file
// names as views and run it; only the MERGE template needs filling, from the table's manifest entry.
import silverMerge from '../transforms/silver/merge.sql';
import reviewFlat from '../transforms/silver/review_flat.sql';
import stateByReviewVolume from '../transforms/gold/state_by_review_volume.sql';
import topBeersByRating from '../transforms/gold/top_beers_by_rating.sql';
import topBreweriesByRating from '../transforms/gold/top_breweries_by_rating.sql';
import topDrinkers from '../transforms/gold/top_drinkers.sql';
import topStylesByPopularity from '../transforms/gold/top_styles_by_popularity.sql';
import { MissingTransformError, TransformTemplateError } from './errors.js';
import type { LakeTable, TableRef } from './model.js';

/** Derived table → its SELECT; the file it comes from is transforms/<layer>/<name>.sql. */
export const DERIVED_TABLE_SQL: Readonly<Record<string, string>> = {
  'silver.review_flat': reviewFlat,
  'gold.top_beers_by_rating': topBeersByRating,
  'gold.top_breweries_by_rating': topBreweriesByRating,
  'gold.top_styles_by_popularity': topStylesByPopularity,
  'gold.state_by_review_volume': stateByReviewVolume,
  'gold.top_drinkers': topDrinkers,
};

export const SILVER_MERGE_TEMPLATE = silverMerge;

export function derivedTableSql(ref: TableRef): string {
  const sql = DERIVED_TABLE_SQL[ref];
  if (sql === undefined) throw new MissingTransformError(ref, Object.keys(DERIVED_TABLE_SQL));
  return sql;
}

const PLACEHOLDER = /\{\{([a-z_]+)((?::[a-z]+)*)\}\}/g;

/** The silver MERGE for one source table's silver projection: the template with its placeholders filled. */
export function silverMergeSql(table: LakeTable): string {
  const declared = table.columns.filter((c) => c.origin === 'declared').map((c) => c.name);
  const computed = table.columns.filter((c) => c.origin === 'computed');
  return SILVER_MERGE_TEMPLATE.replace(PLACEHOLDER, (placeholder, name: string, args: string) => {
    const [a, b] = args.split(':').slice(1);
    switch (name) {
      case 'key':
        return table.primaryKey.join(', ');
      case 'key_equals':
        if (a === undefined || b === undefined) break;
        return table.primaryKey.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
      case 'columns':
        if (a === undefined) break;
        return declared.map((c) => `${a}.${c}`).join(', ');
      case 'computed':
        return computed.map((c) => `, ${c.expression} AS ${c.name}`).join('');
    }
    throw new TransformTemplateError(table.ref, placeholder);
  });
}
