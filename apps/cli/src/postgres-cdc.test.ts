// CDC from a real PostgreSQL, driven from the CLI: migrate, seed, stream (full load), change rows,
// stream again (resuming from the slot) → raw → ledger → bronze, checked with DuckDB.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { startLocalPostgres, type LocalPostgres } from '@datamaster/embedded-services';
import { SOURCE_DATABASE } from '@datamaster/lake-contract';
import pg from 'pg';
import { stopLedgerServer } from '@datamaster/local-platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturing } from './testing/run-cli.js';

const BUNDLED = fileURLToPath(new URL('../../../libs/lake-manifest', import.meta.url));
let cwd: string;
let postgres: LocalPostgres;
beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-pg-cdc-'));
  postgres = await startLocalPostgres({ database: SOURCE_DATABASE });
});
afterAll(async () => {
  await postgres?.stop();
  await stopLedgerServer(join(cwd, 'home'));
  rmSync(cwd, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const run = await runCapturing(['--home', 'home', ...args], { cwd });
  if (run.code !== 0) throw new Error(`datamaster ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgres.connectionString });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet')).map((f) => join(dir, f));
}

describe('CDC from PostgreSQL into bronze', () => {
  it('loads, then streams insert/update/delete in order, masked, with their change position', async () => {
    await cli('migrate', '--db', postgres.connectionString);
    await cli('seed', '--out', 'seed', '--into', postgres.connectionString, '--scale', '0.001');
    const seededProfiles = gunzipSync(readFileSync(join(cwd, 'seed', 'profile.csv.gz'))).toString().trim().split('\n').slice(1);

    const load = JSON.parse(await cli('stream', '--source', postgres.connectionString, '--duration', '3s', '--json'));
    expect(load.delivery.failed).toBe(0);
    expect(load.ingested.every((r: { status: string }) => r.status === 'succeeded')).toBe(true);

    await sql(`BEGIN;
      INSERT INTO dm_core.profile (profile_id, profile_name, email, state) VALUES (900001, 'newbie', 'newbie@example.org', 'TX');
      UPDATE dm_core.profile SET state = 'NV' WHERE profile_id = 900001;
      COMMIT;
      DELETE FROM dm_core.profile WHERE profile_id = 900001;`);
    const changes = JSON.parse(await cli('stream', '--source', postgres.connectionString, '--duration', '3s', '--json'));
    expect(changes.delivery).toMatchObject({ recordsIn: 3, routed: 3, failed: 0 });
    expect(changes.ingested.reduce((n: number, r: { rowsOut: number }) => n + r.rowsOut, 0)).toBe(3);

    const bronze = join(cwd, 'home', 'lake', 'bronze', 'profile');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const read = async (query: string) => (await db.runAndReadAll(query)).getRowObjectsJson();
    const files = filesUnder(bronze).map((f) => `'${f}'`).join(',');
    const loaded = await read(`SELECT count(*) AS n FROM read_parquet([${files}]) WHERE op = 'load'`);
    expect(Number(loaded[0]!['n'])).toBe(seededProfiles.length);
    const history = await read(
      `SELECT op, state, email, change_txn_id, change_seq FROM read_parquet([${files}]) WHERE profile_id = 900001 ORDER BY change_ts, change_seq`,
    );
    expect(history.map((r) => [r['op'], r['state']])).toEqual([
      ['insert', 'TX'],
      ['update', 'NV'],
      ['delete', null],
    ]);
    expect(history[0]!['change_txn_id']).toBe(history[1]!['change_txn_id']);
    expect(history[2]!['change_txn_id']).not.toBe(history[0]!['change_txn_id']);
    expect(BigInt(history[1]!['change_seq'] as string)).toBeGreaterThan(BigInt(history[0]!['change_seq'] as string));
    expect(history[0]!['email']).toMatch(/^[0-9a-f]{64}$/);

    const clear = ['newbie', 'newbie@example.org', ...seededProfiles.flatMap((line) => line.split(',').slice(1, 3))];
    for (const file of filesUnder(join(cwd, 'home', 'lake', 'bronze'))) {
      const bytes = readFileSync(file);
      for (const value of clear) expect(bytes.includes(value), `${value} in ${file}`).toBe(false);
    }
  });

  it('stops at a column added in PostgreSQL, which plan then names; with the manifest changed, the stream takes the row', async () => {
    await sql(`ALTER TABLE dm_core.beer ADD COLUMN beer_ibu integer;
      INSERT INTO dm_core.beer VALUES (900002, 1, 'Bitter End', 'English Bitter', 4.2, 35);`);
    const stopped = await runCapturing(['--home', 'home', 'stream', '--source', postgres.connectionString, '--duration', '3s'], { cwd });
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('PostgreSQL table dm_core.beer does not match the lake manifest: column beer_ibu is not in the manifest');
    expect(stopped.stderr).toContain('run `datamaster plan` to see the manifest change it calls for');
    const control = readdirSync(join(cwd, 'home', 'lake', 'raw', '_control')).flatMap((name) =>
      gunzipSync(readFileSync(join(cwd, 'home', 'lake', 'raw', '_control', name))).toString().trim().split('\n').map((line) => JSON.parse(line)),
    );
    expect(control).toEqual([expect.objectContaining({ data: { beer_ibu: 'integer' }, metadata: expect.objectContaining({ 'record-type': 'control', operation: 'add-column', 'table-name': 'beer' }) })]);

    const plan = JSON.parse(await cli('plan', '--from', BUNDLED, '--json'));
    expect(plan.breaking).toBe(false);
    expect(plan.sourceChanges).toEqual([
      {
        sourceTable: 'dm_core.beer',
        file: 'tables/sources/beer.json',
        changes: [{ operation: 'add-column', column: 'beer_ibu', sourceType: 'integer', at: control[0].change_ts, manifestChange: 'not in tables/sources/beer.json; declare it (nullable, type int) to take it' }],
      },
    ]);

    // The manifest change plan calls for, then the stream again: the row it stopped at arrives with the new column.
    for (const folder of ['tables', 'transforms']) cpSync(join(BUNDLED, folder), join(cwd, 'manifest', folder), { recursive: true });
    const beerFile = join(cwd, 'manifest', 'tables', 'sources', 'beer.json');
    const beer = JSON.parse(readFileSync(beerFile, 'utf8'));
    beer.columns.push({ id: 6, name: 'beer_ibu', type: 'int', nullable: true, description: 'Bitterness in IBU.' });
    writeFileSync(beerFile, JSON.stringify(beer));
    expect(JSON.parse(await cli('--manifest', 'manifest', 'plan', '--from', BUNDLED, '--json')).sourceChanges).toEqual([]);
    const resumed = JSON.parse(await cli('--manifest', 'manifest', 'stream', '--source', postgres.connectionString, '--duration', '3s', '--no-ingest', '--json'));
    expect(resumed.delivery).toMatchObject({ recordsIn: 1, routed: 1, failed: 0 });
    const rawBeer = readdirSync(join(cwd, 'home', 'lake', 'raw', 'beer')).flatMap((name) =>
      gunzipSync(readFileSync(join(cwd, 'home', 'lake', 'raw', 'beer', name))).toString().trim().split('\n').map((line) => JSON.parse(line)),
    );
    expect(rawBeer.filter((row) => row.beer_id === 900002)).toEqual([expect.objectContaining({ op: 'insert', beer_ibu: 35 })]);
  });
});
