import { lakeManifest, pgColumnType, quoteIdentifier, type LakeManifest } from '@datamaster/lake-manifest';
import type pg from 'pg';
import { sourceDdl } from './ddl.js';
import { SourceSchemaDriftError } from './errors.js';
import { inTransaction, withClient } from './pg-client.js';
import { resolveTypeNames } from './pg-types.js';
import { columnProblems } from './schema-drift.js';
import { sourceTables, type SourceTable } from './source-tables.js';

/** The publication CDC reads, unless told otherwise. */
export const DEFAULT_PUBLICATION = 'dm_cdc';

export interface MigrateOptions {
  /** Default: the bundled lake manifest. */
  readonly manifest?: LakeManifest;
  /** Default: dm_cdc. */
  readonly publicationName?: string;
}

export interface MigrateResult {
  /** Tables this run created, as schema.table; empty when the schema was already in place. */
  readonly createdTables: readonly string[];
  readonly publication: {
    readonly name: string;
    readonly created: boolean;
    /** Source tables this run added to an existing publication. */
    readonly addedTables: readonly string[];
  };
}

/**
 * Creates the source schema, tables and CDC publication from the manifest, in one transaction. Running it
 * again is a no-op; it never alters an existing table, and fails with SourceSchemaDriftError (rolling the
 * whole run back) when one differs from the manifest, instead of leaving the drift to surprise CDC later.
 */
export async function migrate(connectionString: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const manifest = options.manifest ?? lakeManifest();
  const publicationName = options.publicationName ?? DEFAULT_PUBLICATION;
  const tables = sourceTables(manifest);
  return withClient(connectionString, (client) =>
    inTransaction(client, async () => {
      // Two migrations at once would race on CREATE PUBLICATION; the second waits for the first instead.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('datamaster.migrate'))");
      const existing = await client.query<{ name: string }>('SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NOT NULL', [
        tables.map((t) => t.qualified),
      ]);
      const before = new Set(existing.rows.map((row) => row.name));
      for (const statement of sourceDdl(manifest)) await client.query(statement);
      for (const table of tables) await assertMatchesManifest(client, table);
      return {
        createdTables: tables.filter((t) => !before.has(t.qualified)).map((t) => `${t.schema}.${t.name}`),
        publication: await ensurePublication(client, publicationName, tables),
      };
    }),
  );
}

async function assertMatchesManifest(client: pg.Client, { table, qualified, schema, name }: SourceTable): Promise<void> {
  const wanted = await resolveTypeNames(client, table.columns.map(pgColumnType));
  const expected = table.columns.map((column, i) => ({ name: column.name, type: wanted[i]?.name, notNull: !column.nullable }));
  const actual = await client.query<{ name: string; type: string; notNull: boolean }>(
    `SELECT attname AS name, format_type(atttypid, NULL) AS type, attnotnull AS "notNull"
       FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [qualified],
  );
  const problems = columnProblems(expected, actual.rows);
  if (problems.length > 0) throw new SourceSchemaDriftError(`${schema}.${name}`, problems);
}

async function ensurePublication(client: pg.Client, name: string, tables: readonly SourceTable[]): Promise<MigrateResult['publication']> {
  const exists = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [name]);
  if (exists.rowCount === 0) {
    await client.query(`CREATE PUBLICATION ${quoteIdentifier(name)} FOR TABLE ${tables.map((t) => t.qualified).join(', ')}`);
    return { name, created: true, addedTables: [] };
  }
  const published = await client.query<{ name: string }>("SELECT schemaname || '.' || tablename AS name FROM pg_publication_tables WHERE pubname = $1", [name]);
  const have = new Set(published.rows.map((row) => row.name));
  const missing = tables.filter((t) => !have.has(`${t.schema}.${t.name}`));
  if (missing.length > 0) await client.query(`ALTER PUBLICATION ${quoteIdentifier(name)} ADD TABLE ${missing.map((t) => t.qualified).join(', ')}`);
  return { name, created: false, addedTables: missing.map((t) => `${t.schema}.${t.name}`) };
}
