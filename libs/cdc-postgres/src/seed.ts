import { createReadStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { lakeManifest, quoteIdentifier, type LakeManifest } from '@datamaster/lake-manifest';
import { SEED_TABLES } from '@datamaster/seed-data';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { SeedLoadError } from './errors.js';
import { inTransaction, withClient } from './pg-client.js';
import { columnList, sourceTables, type SourceTable } from './source-tables.js';

/** Reviews reach the lake as the batch extract, never through the OLTP database (as in the original). */
export const OLTP_SEED_TABLES = SEED_TABLES.filter((table) => table !== 'review');

export interface SeedPostgresOptions {
  /** A folder written by `datamaster seed` (generateSeedDataset): `<table>.csv.gz` per table. */
  readonly dir: string;
  /** Default: the bundled lake manifest. */
  readonly manifest?: LakeManifest;
}

export interface SeededTable {
  /** schema.table */
  readonly table: string;
  readonly path: string;
  readonly rowsInFile: number;
  /** Rows new to the table; keys already present are left as they are. */
  readonly rowsInserted: number;
}

/**
 * Loads the seed extracts of brewery, beer and profile into the OLTP tables: the gzip CSV streams
 * through COPY into a temporary table, then only keys not yet present are inserted. Running it again
 * inserts nothing and fails nothing. Each table loads in its own transaction: a bad file commits none
 * of its rows and names the line PostgreSQL rejected.
 */
export async function seedPostgres(connectionString: string, options: SeedPostgresOptions): Promise<SeededTable[]> {
  const tables = sourceTables(options.manifest ?? lakeManifest());
  const dir = resolve(options.dir);
  return withClient(connectionString, async (client) => {
    const seeded: SeededTable[] = [];
    for (const name of OLTP_SEED_TABLES) {
      const table = tables.find((t) => t.table.name === name);
      if (!table) throw new SeedLoadError(join(dir, `${name}.csv.gz`), name, `the lake manifest declares no source table "${name}"`);
      seeded.push(await loadTable(client, table, join(dir, `${name}.csv.gz`)));
    }
    return seeded;
  });
}

async function loadTable(client: pg.Client, source: SourceTable, path: string): Promise<SeededTable> {
  const target = `${source.schema}.${source.name}`;
  const stage = quoteIdentifier(`seed_${source.name}`);
  const columns = columnList(source.table);
  try {
    return await inTransaction(client, async () => {
      await client.query(`CREATE TEMPORARY TABLE ${stage} (LIKE ${source.qualified}) ON COMMIT DROP`);
      // HEADER MATCH makes PostgreSQL check the header against the manifest's columns, so a file from
      // an older manifest fails loudly instead of loading values into the wrong columns.
      const copy = client.query(copyFrom(`COPY ${stage} (${columns}) FROM STDIN (FORMAT csv, HEADER MATCH)`));
      await pipeline(createReadStream(path), createGunzip(), copy);
      const inserted = await client.query(`INSERT INTO ${source.qualified} (${columns}) SELECT ${columns} FROM ${stage} ON CONFLICT DO NOTHING`);
      return { table: target, path, rowsInFile: copy.rowCount, rowsInserted: inserted.rowCount ?? 0 };
    });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const reason = missing ? 'the file does not exist; write the seed files first (datamaster seed --out <dir>)' : (error as Error).message;
    throw new SeedLoadError(path, target, reason, { cause: error });
  }
}
