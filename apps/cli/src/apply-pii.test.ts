// A column newly declared PII in a lake that holds data: `plan` names what holds it in clear, `apply` refuses
// until told to rewrite, and `apply --rewrite-pii` masks the bronze objects and silver.profile in place,
// recomputes the tables that inherit the column, and leaves no clear value in any live row, older snapshot or
// manifest; the tokens are bronze's own, so rows ingested later join with the rewritten ones.
import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBundledManifest, ManifestCopyLake } from './testing/manifest-copy.js';
import { runCapturing } from './testing/run-cli.js';

const TOKEN = /^[0-9a-f]{64}$/;
/** Tables holding profile.state, by the column's name there. */
const HOLDERS = ['silver.profile', 'silver.review_flat', 'gold.state_by_review_volume', 'gold.top_drinkers'];

let lake: ManifestCopyLake;
let cwd: string;
const cli = (pii: boolean, ...args: string[]) => runCapturing(['--home', 'home', ...(pii ? ['--manifest', join(cwd, 'pii')] : []), ...args], { cwd });
const rows = async (sql: string) => {
  const result = await cli(true, 'query', sql, '--as', 'data-engineer', '--format', 'json');
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, string | number | null>[];
};
const metadataFiles = (ref: string) => readdirSync(join(cwd, 'home', 'lake', ...ref.split('.'), 'metadata')).sort();
/** The clear states in every file of the table's folder (data files and manifests alike), read with DuckDB. */
async function filesWithClearStates(folder: string): Promise<string[]> {
  const instance = await DuckDBInstance.create();
  const connection = await instance.connect();
  try {
    const found: string[] = [];
    const parquet = readdirSync(folder, { recursive: true }).map(String).filter((f) => f.endsWith('.parquet'));
    for (const file of parquet) {
      const [row] = (await connection.runAndReadAll(`SELECT count(*) FILTER (WHERE length(state) = 2)::INTEGER AS n FROM read_parquet('${join(folder, file)}')`)).getRowObjectsJson() as { n: number }[];
      if ((row?.n ?? 0) > 0) found.push(file);
    }
    return found;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The lower and upper bounds of every state column in the manifests of the table's snapshots, as text. */
async function stateBounds(ref: string): Promise<string[]> {
  const { currentSchema, readManifest, readManifestList, SqliteCatalog } = await import('@datamaster/iceberg');
  const catalog = new SqliteCatalog({ path: join(cwd, 'home', 'catalog', 'iceberg_catalog.db'), warehouse: `file://${join(cwd, 'home', 'lake')}`, name: 'datamaster' });
  try {
    const [layer, name] = ref.split('.') as [string, string];
    const table = await catalog.loadTable({ namespace: `dm_${layer}`, name });
    const schema = currentSchema(table.metadata);
    const id = schema.fields.find((f) => f.name === 'state')?.id as number;
    const bounds: string[] = [];
    for (const snapshot of table.metadata.snapshots) {
      for (const manifest of await readManifestList(table.io, snapshot['manifest-list'])) {
        for (const entry of await readManifest(table.io, manifest, schema)) {
          for (const value of [entry.file.metrics?.lowerBounds?.[id], entry.file.metrics?.upperBounds?.[id]]) if (value !== undefined) bounds.push(String(value));
        }
      }
    }
    expect(table.metadata.snapshots.length, ref).toBe(1);
    return bounds;
  } finally {
    catalog.close();
  }
}

beforeAll(async () => {
  lake = ManifestCopyLake.create('apply-pii');
  cwd = lake.cwd;
  copyBundledManifest(join(cwd, 'pii'));
  const profile = join(cwd, 'pii', 'tables', 'sources', 'profile.json');
  const declared = readFileSync(profile, 'utf8').replace('"description": "US state of the reviewer, as a two-letter code." }', '"description": "US state of the reviewer, as a two-letter code.", "classification": "pii", "masking": "hmac-sha256" }');
  expect(declared).toContain('"masking": "hmac-sha256" }\n  ]');
  writeFileSync(profile, declared);
  await lake.fill();
  expect((await cli(false, 'process', 'all')).stderr).toBe('');
  expect((await cli(false, 'process', 'all')).stderr).toBe(''); // a second snapshot history to expire
}, 240_000);
afterAll(() => lake?.remove());

describe('a column newly declared PII', () => {
  it('is planned as a backfill, with the bronze objects and live rows that hold it in clear', async () => {
    const run = await cli(true, 'plan');
    expect(run.code).toBe(0);
    for (const ref of HOLDERS) expect(run.stdout).toMatch(new RegExp(`${ref.replace('.', '\\.')}\\s+state\\s+pii-classified`));
    expect(run.stdout).toMatch(/silver\.profile \(state\): \d+ live row\(s\), 1 bronze object\(s\)\n {4}bronze\/profile\/ingest_date=[\d-]+\/batch-[0-9a-f]+-profile\.parquet/);
    expect(run.stdout).toContain('analyst: SELECT,DESCRIBE → SELECT,DESCRIBE except state');
  });

  it('is refused by apply without --rewrite-pii, which changes nothing', async () => {
    const before = HOLDERS.map(metadataFiles);
    const run = await cli(true, 'apply');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('silver.profile (state), silver.review_flat (state)');
    expect(run.stderr).toContain('run `datamaster apply --rewrite-pii`');
    expect(HOLDERS.map(metadataFiles)).toEqual(before);
  });

  it('is masked everywhere by apply --rewrite-pii, with the tokens bronze gives', async () => {
    const run = await cli(true, 'apply', '--rewrite-pii');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/masked silver\.profile \(state\): 1 bronze object\(s\) and \d+ data file\(s\) rewritten/);
    for (const [ref, column] of [['silver.profile', 'state'], ['silver.review_flat', 'state'], ['gold.state_by_review_volume', 'state'], ['gold.top_drinkers', 'state']] as const) {
      const values = await rows(`SELECT DISTINCT ${column} AS v FROM ${ref}`);
      expect(values.length, ref).toBeGreaterThan(0);
      expect(values.filter((r) => !TOKEN.test(String(r['v']))), ref).toEqual([]);
    }
    // The token of each profile's state is HMAC-SHA-256 under the home's key, as bronze masks.
    const key = Buffer.from(readFileSync(join(cwd, 'home', 'keys', 'masking.key'), 'utf8').trim(), 'base64');
    const [header, ...lines] = gunzipSync(readFileSync(join(cwd, 'seed', 'profile.csv.gz'))).toString('utf8').trim().split('\n');
    const columns = (header ?? '').split(',');
    const expected = lines.slice(0, 20).map((line) => {
      const cells = line.split(',');
      const state = cells[columns.indexOf('state')] ?? '';
      return { profile_id: Number(cells[columns.indexOf('profile_id')]), state: createHmac('sha256', key).update(state).digest('hex') };
    });
    const ids = expected.map((e) => e.profile_id).join(', ');
    expect(await rows(`SELECT profile_id, state FROM silver.profile WHERE profile_id IN (${ids}) ORDER BY profile_id`)).toEqual(expected.sort((a, b) => a.profile_id - b.profile_id));
    expect((await cli(true, 'plan')).stdout).toContain('No changes against the lake');
  }, 120_000);

  it('leaves no clear value in bronze, in any table file left, or in time travel', async () => {
    expect(await filesWithClearStates(join(cwd, 'home', 'lake', 'bronze', 'profile'))).toEqual([]);
    for (const ref of HOLDERS) expect(await filesWithClearStates(join(cwd, 'home', 'lake', ...ref.split('.'), 'data')), ref).toEqual([]);
    // Every manifest entry left, of any status, in every snapshot left (only the current one: no time travel back to
    // the clear values): its bounds of the state column hold tokens, not states.
    for (const ref of HOLDERS) {
      const bounds = await stateBounds(ref);
      expect(bounds.length, ref).toBeGreaterThan(0);
      // (A writer may truncate a string bound to a prefix of the token.)
      expect(bounds.filter((b) => !/^[0-9a-f]{8,64}$/.test(b)), ref).toEqual([]);
    }
  });
});
