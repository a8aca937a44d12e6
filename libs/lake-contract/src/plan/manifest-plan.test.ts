import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifestVersion } from '@datamaster/lake-manifest/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planManifestChange } from './manifest-plan.js';
import type { ManifestChange } from './plan-model.js';

/** libs/lake-manifest: the bundled manifest's folder, copied per test and edited as a team would. */
const BUNDLED = fileURLToPath(new URL('../../../lake-manifest', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'manifest-plan-'));
  for (const folder of ['tables', 'transforms']) cpSync(join(BUNDLED, folder), join(dir, folder), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, unknown> & { columns: Record<string, unknown>[] };
function editTable(file: string, edit: (table: Json) => void): void {
  const path = join(dir, 'tables', file);
  const table = JSON.parse(readFileSync(path, 'utf8')) as Json;
  edit(table);
  writeFileSync(path, JSON.stringify(table, null, 2));
}
const column = (table: Json, name: string) => table.columns.find((c) => c['name'] === name) as Record<string, unknown>;

const plan = () => planManifestChange(loadManifestVersion(BUNDLED), loadManifestVersion(dir));
const brief = (changes: readonly ManifestChange[]) => changes.map((c) => `${c.class} ${c.kind} ${c.table}${c.column ? `.${c.column}` : ''}`);

describe('planManifestChange', () => {
  it('finds nothing to do between a manifest and itself', () => {
    expect(plan()).toEqual({ changes: [], backfills: [], breaking: false });
  });

  it('adds a nullable column automatically, in the source and in its bronze and silver projections', () => {
    editTable('sources/beer.json', (beer) => beer.columns.push({ id: 6, name: 'beer_ibu', type: 'int', nullable: true, description: 'Bitterness.' }));
    const result = plan();
    expect(brief(result.changes)).toEqual(['automatic column-added source.beer.beer_ibu', 'automatic column-added bronze.beer.beer_ibu', 'automatic column-added silver.beer.beer_ibu']);
    expect(result.breaking).toBe(false);
  });

  it('promotes int to long automatically and refuses a narrowing, a new not-null column and a key change', () => {
    editTable('sources/review.json', (review) => {
      const silver = review['silver'] as { computedColumns: Record<string, unknown>[] };
      (silver.computedColumns[0] as Record<string, unknown>)['type'] = 'long';
    });
    const promoted = plan().changes;
    expect(brief(promoted).slice(0, 2)).toEqual(['automatic column-retyped silver.review.review_year', 'automatic column-retyped silver.review_flat.review_year']);
    // …and in every gold table that inherits it.
    expect(promoted.every((c) => c.class === 'automatic' && c.kind === 'column-retyped' && c.column === 'review_year')).toBe(true);
    editTable('sources/beer.json', (beer) => {
      column(beer, 'beer_id')['type'] = 'int';
      beer.columns.push({ id: 6, name: 'beer_ibu', type: 'int', nullable: false, description: 'Bitterness.' });
      beer['primaryKey'] = ['beer_id', 'brewery_id'];
    });
    const result = plan();
    expect(result.breaking).toBe(true);
    expect(brief(result.changes)).toEqual(expect.arrayContaining(['breaking column-added source.beer.beer_ibu', 'breaking column-retyped silver.beer.beer_id', 'breaking primary-key silver.beer']));
  });

  it('renames by field id, and refuses dropping a column that a downstream transform still reads, naming the reader', () => {
    // The email goes no further than silver.profile: nothing downstream reads it.
    editTable('sources/profile.json', (profile) => (column(profile, 'email')['name'] = 'email_token'));
    const renamed = plan().changes.find((c) => c.table === 'silver.profile' && c.kind === 'column-renamed');
    expect(renamed).toMatchObject({ class: 'automatic', column: 'email_token' });
    expect(renamed?.detail).toMatch(/^email → email_token \(id \d+\)$/);
    // review_flat no longer inherits beer_abv, but its transform still selects b.beer_abv: the manifest is
    // valid, and only the transform's text tells that the drop would break it.
    editTable('silver/review_flat.json', (flat) => (flat.columns = flat.columns.filter((c) => c['from'] !== 'silver.beer.beer_abv')));
    editTable('sources/beer.json', (beer) => (beer.columns = beer.columns.filter((c) => c['name'] !== 'beer_abv')));
    const dropped = plan().changes.find((c) => c.table === 'silver.beer' && c.kind === 'column-dropped');
    expect(dropped).toMatchObject({ class: 'breaking', column: 'beer_abv', detail: 'still read by silver.review_flat (its transform)' });
  });

  it('backfills a derived table whose transform changed, and every table downstream of it', () => {
    const sql = join(dir, 'transforms/silver/review_flat.sql');
    writeFileSync(sql, readFileSync(sql, 'utf8').replace('WHERE r.deleted_at IS NULL', 'WHERE r.deleted_at IS NULL AND r.review_overall > 0'));
    const result = plan();
    expect(brief(result.changes)).toEqual(['backfill transform silver.review_flat']);
    expect(result.backfills[0]).toBe('silver.review_flat');
    expect(result.backfills.slice(1).every((ref) => ref.startsWith('gold.'))).toBe(true);
    expect(result.backfills).toHaveLength(6);
  });

  it('rewrites files for a column newly declared PII, refuses declassifying one, and lists the grants that change', () => {
    editTable('sources/beer.json', (beer) => Object.assign(column(beer, 'beer_name'), { classification: 'pii', masking: 'hmac-sha256' }));
    const classified = plan();
    // Inherited downstream: review_flat and the gold table that shows beer names hold it too.
    expect(classified.changes.filter((c) => c.kind === 'pii-classified').map((c) => `${c.class} ${c.table}`)).toEqual(['backfill source.beer', 'backfill bronze.beer', 'backfill silver.beer', 'backfill silver.review_flat', 'backfill gold.top_beers_by_rating']);
    // The analyst may no longer read it: a grant change, which applies by itself.
    expect(classified.changes.find((c) => c.kind === 'grant' && c.table === 'silver.beer')?.detail).toBe('analyst: SELECT,DESCRIBE → SELECT,DESCRIBE except beer_name');
    editTable('sources/beer.json', (beer) => Object.assign(column(beer, 'beer_name'), { classification: 'public', masking: undefined }));
    editTable('sources/profile.json', (profile) => Object.assign(column(profile, 'email'), { classification: 'public', masking: undefined }));
    const declassified = plan();
    expect(declassified.changes.filter((c) => c.kind === 'pii-declassified').map((c) => `${c.class} ${c.table}.${c.column}`)).toEqual(['breaking source.profile.email', 'breaking bronze.profile.email', 'breaking silver.profile.email']);
    expect(declassified.breaking).toBe(true);
  });
});
