// Properties of the generated data, read back from the files the way a downstream loader would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEER_STYLES } from './beer-styles.js';
import { generateSeedDataset } from './generate.js';
import type { SeedTable } from './options.js';
import { readCsvGz, type CsvCell, type CsvFile } from './testing/read-csv-gz.js';
import { US_STATE_POPULATION } from './us-states.js';

type Row = CsvFile['rows'][number];
/** The cell of a column the file must have. */
const cell = (row: Row, column: string): CsvCell => {
  const value = row[column];
  if (value === undefined) throw new Error(`no column ${column} in ${JSON.stringify(row)}`);
  return value;
};
/** The cell of a column that must not be null. */
const text = (row: Row, column: string): string => {
  const value = cell(row, column);
  if (value === null) throw new Error(`${column} is null in ${JSON.stringify(row)}`);
  return value;
};
const isText = (value: CsvCell): value is string => value !== null;
const num = (row: Row, column: string) => Number(text(row, column));
const HALF_POINTS = /^[1-5](\.5)?$/;
const share = (part: number, whole: number) => part / whole;

/** How many rows each value of `key` has, most first. */
function countsBy(rows: readonly Row[], key: (row: Row) => string): number[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return [...counts.values()].sort((a, b) => b - a);
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const mx = sum(xs) / xs.length;
  const my = sum(ys) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const dy = (ys[i] as number) - my;
    sxy += (x - mx) * dy;
    sxx += (x - mx) ** 2;
    syy += dy ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('the generated dataset', () => {
  let root: string;
  const files = {} as Record<SeedTable, CsvFile>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'seed-dataset-'));
    const summary = await generateSeedDataset({ outDir: root, scale: 0.02, seed: 7 });
    for (const { table, path } of summary.tables) files[table] = readCsvGz(path);
  }, 60_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('numbers every table 1..n', () => {
    const ids: Record<SeedTable, string> = { brewery: 'brewery_id', beer: 'beer_id', profile: 'profile_id', review: 'review_id' };
    for (const [table, column] of Object.entries(ids) as [SeedTable, string][]) {
      const rows = files[table].rows;
      expect(rows.map((row) => num(row, column))).toEqual(rows.map((_, i) => i + 1));
    }
  });

  it('has referential integrity: beers to breweries, reviews to beers, their breweries and profiles', () => {
    const breweries = new Set(files.brewery.rows.map((row) => text(row, 'brewery_id')));
    const breweryOfBeer = new Map(files.beer.rows.map((row) => [text(row, 'beer_id'), text(row, 'brewery_id')]));
    const profiles = new Set(files.profile.rows.map((row) => text(row, 'profile_id')));
    expect(files.beer.rows.filter((beer) => !breweries.has(text(beer, 'brewery_id')))).toEqual([]);
    expect(files.review.rows.filter((review) => breweryOfBeer.get(text(review, 'beer_id')) !== text(review, 'brewery_id'))).toEqual([]);
    expect(files.review.rows.filter((review) => !profiles.has(text(review, 'profile_id')))).toEqual([]);
  });

  it('lists only breweries with beers, and beers and profiles with reviews, as the original does', () => {
    expect(new Set(files.beer.rows.map((row) => text(row, 'brewery_id'))).size).toBe(files.brewery.rows.length);
    expect(new Set(files.review.rows.map((row) => text(row, 'beer_id'))).size).toBe(files.beer.rows.length);
    expect(new Set(files.review.rows.map((row) => text(row, 'profile_id'))).size).toBe(files.profile.rows.length);
  });

  it('gives every profile a unique, plausible handle and email and a US state, weighted by population', () => {
    const profiles = files.profile.rows;
    expect(new Set(profiles.map((row) => text(row, 'email'))).size).toBe(profiles.length);
    expect(new Set(profiles.map((row) => text(row, 'profile_name'))).size).toBe(profiles.length);
    expect(profiles.filter((row) => !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(text(row, 'email')))).toEqual([]);
    const codes = new Set(US_STATE_POPULATION.map(([code]) => code));
    expect(profiles.filter((row) => !codes.has(text(row, 'state')))).toEqual([]);
    const inState = (code: string) => profiles.filter((row) => text(row, 'state') === code).length;
    expect(inState('CA')).toBeGreaterThan(5 * inState('WY'));
  });

  it('names beers with real styles and plausible ABV, sometimes unknown', () => {
    const beers = files.beer.rows;
    const styles = new Set(BEER_STYLES.map((style) => style.name));
    expect(beers.filter((row) => !styles.has(text(row, 'beer_style')))).toEqual([]);
    expect(new Set(beers.map((row) => text(row, 'beer_style'))).size).toBeGreaterThan(50);
    const abvs = beers.map((row) => cell(row, 'beer_abv'));
    const known = abvs.filter(isText);
    expect(known.filter((abv) => !/^\d{1,2}(\.\d)?$/.test(abv))).toEqual([]);
    expect(Math.min(...known.map(Number))).toBeGreaterThanOrEqual(3);
    expect(Math.max(...known.map(Number))).toBeLessThanOrEqual(12);
    expect(share(abvs.length - known.length, abvs.length)).toBeGreaterThan(0.002);
    expect(share(abvs.length - known.length, abvs.length)).toBeLessThan(0.05);
  });

  it('has names that need CSV quoting, which read back intact', () => {
    const names = [...files.brewery.rows.map((row) => text(row, 'brewery_name')), ...files.beer.rows.map((row) => text(row, 'beer_name'))];
    expect(names.some((name) => name.includes(','))).toBe(true);
    expect(names.some((name) => name.includes('"'))).toBe(true);
  });

  it('scores in half points from 1 to 5, with a few blank aspects', () => {
    const reviews = files.review.rows;
    expect(reviews.filter((row) => !HALF_POINTS.test(text(row, 'review_overall')))).toEqual([]);
    for (const aspect of ['review_aroma', 'review_appearance', 'review_palate', 'review_taste']) {
      const values = reviews.map((row) => cell(row, aspect));
      expect(values.filter(isText).filter((value) => !HALF_POINTS.test(value))).toEqual([]);
      const blank = share(values.filter((value) => value === null).length, values.length);
      expect(blank).toBeGreaterThan(0.002);
      expect(blank).toBeLessThan(0.05);
    }
    expect(Math.max(...reviews.map((row) => num(row, 'review_overall')))).toBe(5);
  });

  it('correlates the aspect scores with the overall score', () => {
    const pairs = files.review.rows.filter((row) => cell(row, 'review_taste') !== null);
    const correlation = pearson(pairs.map((row) => num(row, 'review_overall')), pairs.map((row) => num(row, 'review_taste')));
    expect(correlation).toBeGreaterThan(0.5);
  });

  it('dates reviews from 1998 to 2012 (UTC, unix seconds), more in later years', () => {
    const times = files.review.rows.map((row) => text(row, 'review_time'));
    expect(times.filter((time) => !/^\d+$/.test(time))).toEqual([]);
    const years = times.map((time) => new Date(Number(time) * 1000).getUTCFullYear());
    expect(Math.min(...years)).toBeGreaterThanOrEqual(1998);
    expect(Math.max(...years)).toBe(2012);
    const inYear = (year: number) => years.filter((y) => y === year).length;
    expect(inYear(2012)).toBeGreaterThan(inYear(2006));
    expect(inYear(2006)).toBeGreaterThan(inYear(2000));
  });

  it('skews reviews: the top 1% of beers and of profiles hold far more than 1% of the reviews', () => {
    const reviews = files.review.rows;
    for (const column of ['beer_id', 'profile_id']) {
      const counts = countsBy(reviews, (row) => text(row, column));
      const top = counts.slice(0, Math.ceil(counts.length / 100));
      expect(share(sum(top), reviews.length)).toBeGreaterThan(0.1);
      const median = counts[Math.floor(counts.length / 2)] as number;
      expect(counts[0]).toBeGreaterThan(20 * median);
    }
  });
});
