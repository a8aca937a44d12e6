import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingManifestFolderError } from '../bundling/manifest-folder.mjs';
import { ManifestError } from './errors.js';
import { loadManifestDir } from './node.js';
import { buildManifest, type ManifestSources } from './resolve.js';
import { FIXTURE_MANIFEST_SOURCES } from './testing.js';

type Json = Record<string, unknown>;

/** The fixture's sources with one file's data replaced by `edit(copy of its data)`. */
function withEdit(file: string, edit: (data: Json) => void): ManifestSources {
  const copy = (data: unknown) => structuredClone(data) as Json;
  const lake = copy(FIXTURE_MANIFEST_SOURCES.lake.data);
  if (file === FIXTURE_MANIFEST_SOURCES.lake.file) edit(lake);
  const tables = FIXTURE_MANIFEST_SOURCES.tables.map((source) => {
    const data = copy(source.data);
    if (source.file === file) edit(data);
    return { file: source.file, data };
  });
  return { ...FIXTURE_MANIFEST_SOURCES, lake: { file: FIXTURE_MANIFEST_SOURCES.lake.file, data: lake }, tables };
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
const PURCHASE = 'tables/sources/purchase.json';
const CUSTOMER = 'tables/sources/customer.json';
const FLAT = 'tables/silver/purchase_flat.json';
const REVENUE = 'tables/gold/revenue_by_country.json';

describe('manifest validation', () => {
  it('accepts the lake as declared', () => {
    expect(() => buildManifest(FIXTURE_MANIFEST_SOURCES)).not.toThrow();
  });

  it('names the file, the field and the expected values for a wrong type', () => {
    const problems = problemsOf(withEdit(PURCHASE, (d) => void (columns(d)[2]!['type'] = 'bigint')));
    expect(problems).toEqual([{ file: PURCHASE, path: 'columns[2].type', message: expect.stringMatching(/expected one of .*"long".*got "bigint"/) }]);
  });

  it('reports a missing required field and an unknown key (typo) in one run', () => {
    const problems = problemsOf(
      withEdit(PURCHASE, (d) => {
        delete columns(d)[0]!['description'];
        columns(d)[1]!['nulable'] = true;
      }),
    );
    expect(problems.map((p) => `${p.file} ${p.path}`)).toEqual([`${PURCHASE} columns[0].description`, `${PURCHASE} columns[1]`]);
    expect(problems[1]!.message).toContain('"nulable"');
  });

  it('explains a bad freshness objective and a bad owner', () => {
    const problems = problemsOf(
      withEdit(REVENUE, (d) => {
        d['freshness'] = '1 hour';
        d['owner'] = 'analytics';
      }),
    );
    expect(problems.find((p) => p.path === 'freshness')?.message).toContain('ISO-8601 duration');
    expect(problems.find((p) => p.path === 'owner')?.message).toContain('Backstage group ref');
  });

  it('rejects an unknown table kind with the allowed kinds', () => {
    const problems = problemsOf(withEdit(CUSTOMER, (d) => void (d['kind'] = 'view')));
    expect(problems[0]).toMatchObject({ file: CUSTOMER, path: 'kind' });
    expect(problems[0]!.message).toMatch(/source-table.*derived-table/);
  });

  it('requires a masking policy on PII columns and only there', () => {
    const problems = problemsOf(
      withEdit(CUSTOMER, (d) => {
        delete columns(d)[1]!['masking'];
        columns(d)[2]!['masking'] = 'redact';
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(['columns[1].masking', 'columns[2].masking']);
  });

  it('rejects duplicate field ids, which would corrupt Iceberg schema evolution', () => {
    const problems = problemsOf(withEdit(PURCHASE, (d) => void (columns(d)[3]!['id'] = 2)));
    expect(problems.map((p) => p.message)).toContain('source.purchase: columns "customer_id" and "purchased_at" share field id 2; ids must be unique within a table');
  });

  it('rejects a nullable or unknown primary key column', () => {
    expect(problemsOf(withEdit(PURCHASE, (d) => void (d['primaryKey'] = ['amount'])))[0]!.message).toContain('primary key column "amount" must not be nullable');
    expect(problemsOf(withEdit(REVENUE, (d) => void (d['primaryKey'] = ['region'])))[0]).toMatchObject({ file: REVENUE, path: 'primaryKey[0]' });
  });

  it('rejects an inherited column whose table is not upstream, or that does not exist', () => {
    const notUpstream = problemsOf(withEdit(REVENUE, (d) => void (columns(d)[1]!['from'] = 'silver.customer.country')));
    expect(notUpstream[0]).toMatchObject({ file: REVENUE, path: 'columns[1].from' });
    expect(notUpstream[0]!.message).toContain('add "silver.customer" to upstream');
    const missing = problemsOf(withEdit(REVENUE, (d) => void (columns(d)[1]!['from'] = 'silver.purchase_flat.region')));
    expect(missing[0]!.message).toContain('"silver.purchase_flat" has no column "region"');
  });

  it('rejects unknown upstream tables and dependency cycles', () => {
    const unknown = problemsOf(withEdit(FLAT, (d) => void (d['upstream'] = [...(d['upstream'] as string[]), 'silver.custome'])));
    expect(unknown.find((p) => p.file === FLAT)?.message).toBe('upstream table "silver.custome" is not declared by any manifest file');
    const cycle = problemsOf(withEdit(FLAT, (d) => void (d['upstream'] = ['gold.revenue_by_country'])));
    expect(cycle.find((p) => p.file === FLAT)?.message).toBe('upstream table "gold.revenue_by_country" is part of a dependency cycle');
  });

  it('rejects a table declared twice', () => {
    const problems = problemsOf(withEdit(CUSTOMER, (d) => void (d['name'] = 'purchase')));
    expect(problems.map((p) => p.message)).toContain('table "source.purchase" is already declared in tables/sources/customer.json');
  });

  it('formats every problem on its own line under one headline', () => {
    const error = (() => {
      try {
        buildManifest(withEdit('tables/lake.json', (d) => void (d['databases'] = { bronze: 'fx_bronze' })));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/^The lake manifest is invalid \(2 problems\):\n {2}tables\/lake.json at databases.silver: .*\n {2}tables\/lake.json at databases.gold: /);
  });
});

describe('transform files', () => {
  it('names the transform file a derived table is missing', () => {
    const sources = { ...FIXTURE_MANIFEST_SOURCES, transformFiles: ['transforms/silver/purchase_flat.sql'] };
    expect(problemsOf(sources)).toEqual([
      { file: REVENUE, path: '', message: 'gold.revenue_by_country is a derived table without its transform: add transforms/gold/revenue_by_country.sql, the SELECT that builds it from its upstream tables' },
    ]);
  });

  it('rejects a transform file that no table declares', () => {
    const sources = { ...FIXTURE_MANIFEST_SOURCES, transformFiles: [...FIXTURE_MANIFEST_SOURCES.transformFiles, 'transforms/gold/revenue_by_city.sql'] };
    expect(problemsOf(sources)).toEqual([
      { file: 'transforms/gold/revenue_by_city.sql', path: '', message: 'builds "gold.revenue_by_city", which no manifest file declares as a derived table: declare it under tables/ or remove the file' },
    ]);
  });

  it('keeps the silver MERGE template apart: it builds no table, and no table may take its name', () => {
    expect(() => buildManifest({ ...FIXTURE_MANIFEST_SOURCES, transformFiles: [...FIXTURE_MANIFEST_SOURCES.transformFiles, 'transforms/silver/merge.sql'] })).not.toThrow();
    const problems = problemsOf(withEdit(FLAT, (d) => void (d['name'] = 'merge')));
    expect(problems).toContainEqual({ file: FLAT, path: 'name', message: 'silver.merge: the name is taken by the silver MERGE template transforms/silver/merge.sql; choose another' });
  });
});

describe('loading a manifest folder', () => {
  const inTempDir = (test: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    try {
      test(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('reports unparseable JSON and a missing lake.json by file', () =>
    inTempDir((dir) => {
      mkdirSync(join(dir, 'tables', 'gold'), { recursive: true });
      writeFileSync(join(dir, 'tables', 'gold', 'broken.json'), '{ "kind": "derived-table", ');
      const error = (() => {
        try {
          loadManifestDir(dir);
        } catch (e) {
          return e as ManifestError;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ManifestError);
      expect(error!.problems.map((p) => [p.file, p.message])).toEqual([
        ['tables/gold/broken.json', expect.stringMatching(/^not valid JSON/)],
        ['tables/lake.json', expect.stringMatching(/^missing: every manifest needs a lake.json/)],
      ]);
    }));

  it('refuses a folder without tables/, naming it', () =>
    inTempDir((dir) => {
      expect(() => loadManifestDir(dir)).toThrow(MissingManifestFolderError);
      expect(() => loadManifestDir(dir)).toThrow(`No lake manifest in ${dir}: a manifest root holds tables/`);
    }));
});
