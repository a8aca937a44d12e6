import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MANIFEST_SOURCES } from './bundled.js';
import { ManifestError } from './errors.js';
import { loadManifestDir } from './node.js';
import { buildManifest, type ManifestSources } from './resolve.js';

type Json = Record<string, unknown>;

/** The bundled sources with one file's data replaced by `edit(copy of its data)`. */
function withEdit(file: string, edit: (data: Json) => void): ManifestSources {
  const copy = (data: unknown) => structuredClone(data) as Json;
  const lake = copy(BUNDLED_MANIFEST_SOURCES.lake.data);
  if (file === BUNDLED_MANIFEST_SOURCES.lake.file) edit(lake);
  const tables = BUNDLED_MANIFEST_SOURCES.tables.map((source) => {
    const data = copy(source.data);
    if (source.file === file) edit(data);
    return { file: source.file, data };
  });
  return { lake: { file: BUNDLED_MANIFEST_SOURCES.lake.file, data: lake }, tables };
}

function problemsOf(sources: ManifestSources) {
  try {
    buildManifest(sources);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return (error as ManifestError).problems;
  }
  throw new Error('expected the manifest to be rejected');
}

const columns = (data: Json) => data['columns'] as Json[];

describe('manifest validation', () => {
  it('accepts the lake as declared', () => {
    expect(() => buildManifest(BUNDLED_MANIFEST_SOURCES)).not.toThrow();
  });

  it('names the file, the field and the expected values for a wrong type', () => {
    const problems = problemsOf(withEdit('tables/sources/review.json', (d) => void (columns(d)[3]!['type'] = 'bigint')));
    expect(problems).toEqual([
      { file: 'tables/sources/review.json', path: 'columns[3].type', message: expect.stringMatching(/expected one of .*"long".*got "bigint"/) },
    ]);
  });

  it('reports a missing required field and an unknown key (typo) in one run', () => {
    const problems = problemsOf(
      withEdit('tables/sources/beer.json', (d) => {
        delete columns(d)[0]!['description'];
        columns(d)[1]!['nulable'] = true;
      }),
    );
    expect(problems.map((p) => `${p.file} ${p.path}`)).toEqual(['tables/sources/beer.json columns[0].description', 'tables/sources/beer.json columns[1]']);
    expect(problems[1]!.message).toContain('"nulable"');
  });

  it('explains a bad freshness objective and a bad owner', () => {
    const problems = problemsOf(
      withEdit('tables/gold/top_drinkers.json', (d) => {
        d['freshness'] = '1 hour';
        d['owner'] = 'data-platform';
      }),
    );
    expect(problems.find((p) => p.path === 'freshness')?.message).toContain('ISO-8601 duration');
    expect(problems.find((p) => p.path === 'owner')?.message).toContain('Backstage group ref');
  });

  it('rejects an unknown table kind with the allowed kinds', () => {
    const problems = problemsOf(withEdit('tables/sources/brewery.json', (d) => void (d['kind'] = 'view')));
    expect(problems[0]).toMatchObject({ file: 'tables/sources/brewery.json', path: 'kind' });
    expect(problems[0]!.message).toMatch(/source-table.*derived-table/);
  });

  it('requires a masking policy on PII columns and only there', () => {
    const problems = problemsOf(
      withEdit('tables/sources/profile.json', (d) => {
        delete columns(d)[2]!['masking'];
        columns(d)[3]!['masking'] = 'redact';
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(['columns[2].masking', 'columns[3].masking']);
  });

  it('rejects duplicate field ids, which would corrupt Iceberg schema evolution', () => {
    const problems = problemsOf(withEdit('tables/sources/beer.json', (d) => void (columns(d)[4]!['id'] = 2)));
    expect(problems.map((p) => p.message)).toContain('source.beer: columns "brewery_id" and "beer_abv" share field id 2; ids must be unique within a table');
  });

  it('rejects a nullable or unknown primary key column', () => {
    expect(problemsOf(withEdit('tables/sources/beer.json', (d) => void (d['primaryKey'] = ['beer_abv'])))[0]!.message).toContain(
      'primary key column "beer_abv" must not be nullable',
    );
    expect(problemsOf(withEdit('tables/gold/top_drinkers.json', (d) => void (d['primaryKey'] = ['drinker_id'])))[0]).toMatchObject({
      file: 'tables/gold/top_drinkers.json',
      path: 'primaryKey[0]',
    });
  });

  it('rejects an inherited column whose table is not upstream, or that does not exist', () => {
    const notUpstream = problemsOf(withEdit('tables/gold/top_drinkers.json', (d) => void (columns(d)[2]!['from'] = 'silver.profile.state')));
    expect(notUpstream[0]).toMatchObject({ file: 'tables/gold/top_drinkers.json', path: 'columns[2].from' });
    expect(notUpstream[0]!.message).toContain('add "silver.profile" to upstream');
    const missing = problemsOf(withEdit('tables/gold/top_drinkers.json', (d) => void (columns(d)[2]!['from'] = 'silver.review_flat.country')));
    expect(missing[0]!.message).toContain('"silver.review_flat" has no column "country"');
  });

  it('rejects unknown upstream tables and dependency cycles', () => {
    const unknown = problemsOf(withEdit('tables/silver/review_flat.json', (d) => void (d['upstream'] = [...(d['upstream'] as string[]), 'silver.brewer'])));
    expect(unknown.find((p) => p.file === 'tables/silver/review_flat.json')?.message).toBe('upstream table "silver.brewer" is not declared by any manifest file');
    const cycle = problemsOf(withEdit('tables/silver/review_flat.json', (d) => void (d['upstream'] = ['gold.top_drinkers'])));
    expect(cycle.find((p) => p.file === 'tables/silver/review_flat.json')?.message).toBe('upstream table "gold.top_drinkers" is part of a dependency cycle');
  });

  it('rejects a table declared twice', () => {
    const problems = problemsOf(withEdit('tables/gold/top_drinkers.json', (d) => void (d['name'] = 'top_beers_by_rating')));
    expect(problems.map((p) => p.message)).toContain('table "gold.top_beers_by_rating" is already declared in tables/gold/top_beers_by_rating.json');
  });

  it('formats every problem on its own line under one headline', () => {
    const error = (() => {
      try {
        buildManifest(withEdit('tables/lake.json', (d) => void (d['databases'] = { bronze: 'dm_bronze' })));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/^The lake manifest is invalid \(2 problems\):\n {2}tables\/lake.json at databases.silver: .*\n {2}tables\/lake.json at databases.gold: /);
  });
});

describe('loading a manifest directory', () => {
  it('reports unparseable JSON and a missing lake.json by file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    try {
      mkdirSync(join(dir, 'gold'));
      writeFileSync(join(dir, 'gold', 'broken.json'), '{ "kind": "derived-table", ');
      const error = (() => {
        try {
          loadManifestDir(dir);
        } catch (e) {
          return e as ManifestError;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ManifestError);
      expect(error!.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^not valid JSON/), expect.stringMatching(/^missing: every manifest needs a lake.json/)]);
      expect(error!.problems[0]!.file).toMatch(/gold\/broken\.json$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
