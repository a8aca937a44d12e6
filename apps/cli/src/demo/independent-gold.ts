// For the demo's end-to-end test: the gold results computed a second, independent way, straight from the
// seed extracts and the raw CDC objects (no bronze, no silver, no transform SQL): replay every change in
// source order per key in plain TypeScript, then aggregate. DuckDB only parses the files.
import { DuckDBInstance } from '@duckdb/node-api';

type Row = Record<string, string | number | null>;

export interface IndependentGold {
  /** "beer_id|year|month" → [total_reviews, avg_rating] for months with ≥ 25 live reviews of the beer. */
  readonly topBeers: Map<string, [number, number]>;
  /** "state|year|month" → total_reviews. */
  readonly stateVolume: Map<string, number>;
}

const KEYS = { brewery: 'brewery_id', beer: 'beer_id', profile: 'profile_id', review: 'review_id' } as const;

async function readRows(sql: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
  } finally {
    instance.closeSync();
  }
}

/** Current live rows of one table: seed rows, then every CDC change newer than what the key holds. */
async function liveRows(seedDir: string, rawDir: string, table: keyof typeof KEYS): Promise<Map<string, Row>> {
  const key = KEYS[table];
  const state = new Map<string, { row: Row; deleted: boolean }>();
  for (const row of await readRows(`SELECT * FROM read_csv('${seedDir}/${table}.csv.gz', header = true, all_varchar = true)`)) state.set(String(row[key]), { row, deleted: false });
  const changes = await readRows(`SELECT * FROM read_json('${rawDir}/${table}/dm-delivery-*.ndjson.gz', format = 'newline_delimited', records = true, union_by_name = true)`).catch(() => []);
  changes.sort((a, b) => String(a['change_ts']).localeCompare(String(b['change_ts'])) || Number(a['change_seq']) - Number(b['change_seq']));
  for (const change of changes) state.set(String(change[key]), { row: change, deleted: change['op'] === 'delete' });
  return new Map([...state].filter(([, v]) => !v.deleted).map(([k, v]) => [k, v.row]));
}

export async function independentGold(seedDir: string, rawDir: string): Promise<IndependentGold> {
  const [beers, profiles, reviews] = await Promise.all([liveRows(seedDir, rawDir, 'beer'), liveRows(seedDir, rawDir, 'profile'), liveRows(seedDir, rawDir, 'review')]);
  const beerMonths = new Map<string, number[]>();
  const stateVolume = new Map<string, number>();
  for (const review of reviews.values()) {
    const time = new Date(Number(review['review_time']) * 1000);
    const month = `${time.getUTCFullYear()}|${time.getUTCMonth() + 1}`;
    if (beers.has(String(review['beer_id']))) {
      const k = `${review['beer_id']}|${month}`;
      beerMonths.set(k, [...(beerMonths.get(k) ?? []), Number(review['review_overall'])]);
    }
    const state = profiles.get(String(review['profile_id']))?.['state'];
    if (state !== undefined && state !== null) stateVolume.set(`${state}|${month}`, (stateVolume.get(`${state}|${month}`) ?? 0) + 1);
  }
  const topBeers = new Map<string, [number, number]>();
  for (const [k, scores] of beerMonths) if (scores.length >= 25) topBeers.set(k, [scores.length, scores.reduce((a, b) => a + b, 0) / scores.length]);
  return { topBeers, stateVolume };
}
