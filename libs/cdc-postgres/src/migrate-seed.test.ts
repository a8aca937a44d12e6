import { SOURCE_DATABASE } from '@datamaster/lake-contract';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { startLocalPostgres, type LocalPostgres } from '@datamaster/embedded-services';
import { getTable, lakeManifest } from '@datamaster/lake-manifest';
import { generateSeedDataset, type SeedDatasetSummary } from '@datamaster/seed-data';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeedLoadError, SourceSchemaDriftError } from './errors.js';
import { migrate } from './migrate.js';
import { seedPostgres } from './seed.js';

const manifest = lakeManifest();
const SOURCES = manifest.tables.filter((table) => table.layer === 'source').map((table) => `dm_core.${table.name}`);

describe('migrate and seedPostgres against PostgreSQL', () => {
  let server: LocalPostgres;
  let client: pg.Client;
  let dir: string;
  let dataset: SeedDatasetSummary;

  beforeAll(async () => {
    [server, dir] = await Promise.all([startLocalPostgres({ database: SOURCE_DATABASE }), mkdtemp(join(tmpdir(), 'cdc-seed-'))]);
    client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    dataset = await generateSeedDataset({ outDir: join(dir, 'seed'), scale: 0.001, seed: 7 });
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('creates the tables and the publication once; a second run changes nothing', async () => {
    const first = await migrate(server.connectionString);
    expect([...first.createdTables].sort()).toEqual([...SOURCES].sort());
    expect(first.publication).toEqual({ name: 'dm_cdc', created: true, addedTables: [] });

    const second = await migrate(server.connectionString);
    expect(second).toEqual({ createdTables: [], publication: { name: 'dm_cdc', created: false, addedTables: [] } });

    const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'dm_core' ORDER BY 1");
    expect(tables.rows.map((row) => `dm_core.${row.table_name}`)).toEqual([...SOURCES].sort());
    const publications = await client.query("SELECT schemaname || '.' || tablename AS name FROM pg_publication_tables WHERE pubname = 'dm_cdc' ORDER BY 1");
    expect(publications.rows.map((row) => row.name)).toEqual([...SOURCES].sort());
    expect((await client.query('SELECT count(*)::int AS n FROM pg_publication')).rows).toEqual([{ n: 1 }]);
  });

  it('gives dm_core.review exactly the columns, types and nullability of the manifest', async () => {
    const columns = await client.query(
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'dm_core' AND table_name = 'review' ORDER BY ordinal_position",
    );
    const logical = { long: 'bigint', int: 'integer', double: 'double precision', string: 'text', boolean: 'boolean', date: 'date', timestamptz: 'timestamp with time zone' };
    const expected = getTable(manifest, 'source.review').columns.map((c) => ({
      column_name: c.name,
      data_type: c.source?.pgType ?? logical[c.type],
      is_nullable: c.nullable ? 'YES' : 'NO',
    }));
    expect(columns.rows).toEqual(expected);
    const key = await client.query("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'dm_core.review'::regclass AND i.indisprimary");
    expect(key.rows.map((row) => row.attname)).toEqual(['review_id']);
  });

  it('loads the seed extracts once: a second run inserts nothing and the tables hold exactly the files', async () => {
    const rowsOf = (table: string) => dataset.tables.find((t) => t.table === table)!.rows;
    const first = await seedPostgres(server.connectionString, { dir: join(dir, 'seed') });
    expect(first.map(({ table, rowsInFile, rowsInserted }) => [table, rowsInFile, rowsInserted])).toEqual(
      ['brewery', 'beer', 'profile'].map((table) => [`dm_core.${table}`, rowsOf(table), rowsOf(table)]),
    );
    const second = await seedPostgres(server.connectionString, { dir: join(dir, 'seed') });
    expect(second.map(({ rowsInFile, rowsInserted }) => [rowsInFile, rowsInserted])).toEqual(['brewery', 'beer', 'profile'].map((t) => [rowsOf(t), 0]));

    for (const table of ['brewery', 'beer', 'profile']) {
      // PostgreSQL's CSV export of the table must be the extract itself, line for line (values, NULLs, quoting).
      const exported = await exportCsv(`COPY dm_core.${table} TO STDOUT (FORMAT csv, HEADER true)`);
      const file = gunzipSync(readFileSync(join(dir, 'seed', `${table}.csv.gz`))).toString('utf8');
      expect(sortedLines(exported)).toEqual(sortedLines(file));
    }
    expect((await client.query('SELECT count(*)::int AS n FROM dm_core.review')).rows).toEqual([{ n: 0 }]);
  });

  it('rejects an extract whose header does not match the manifest, committing none of it', async () => {
    const bad = join(dir, 'bad');
    await mkdir(bad);
    await writeFile(join(bad, 'brewery.csv.gz'), gzipSync('brewery_name,brewery_id\nNew Brew,999999\n'));
    const seeded = seedPostgres(server.connectionString, { dir: bad });
    await expect(seeded).rejects.toThrow(SeedLoadError);
    await expect(seeded).rejects.toThrow(/brewery\.csv\.gz into dm_core\.brewery failed, and nothing of it was committed: .*header/);
    expect((await client.query('SELECT count(*)::int AS n FROM dm_core.brewery WHERE brewery_id = 999999')).rows).toEqual([{ n: 0 }]);
    await expect(seedPostgres(server.connectionString, { dir: join(dir, 'missing') })).rejects.toThrow('datamaster seed --out <dir>');
  });

  it('refuses, and rolls back, when an existing table has drifted from the manifest', async () => {
    await client.query('ALTER TABLE dm_core.brewery ALTER COLUMN brewery_name TYPE varchar(80), ALTER COLUMN brewery_name DROP NOT NULL');
    try {
      const migrated = migrate(server.connectionString, { publicationName: 'dm_other' });
      await expect(migrated).rejects.toThrow(SourceSchemaDriftError);
      await expect(migrated).rejects.toThrow(
        'dm_core.brewery does not match the lake manifest: column brewery_name is character varying, the manifest wants text; column brewery_name is nullable, the manifest wants NOT NULL',
      );
      expect((await client.query("SELECT count(*)::int AS n FROM pg_publication WHERE pubname = 'dm_other'")).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.query('ALTER TABLE dm_core.brewery ALTER COLUMN brewery_name TYPE text, ALTER COLUMN brewery_name SET NOT NULL');
    }
  });

  async function exportCsv(sql: string): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of client.query(copyTo(sql))) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
});

/** The header stays first; data lines are compared as a set (the extract's row order is the generator's). */
function sortedLines(csv: string): string[] {
  const [header = '', ...rows] = csv.split('\n').filter((line) => line !== '');
  return [header, ...rows.sort()];
}
