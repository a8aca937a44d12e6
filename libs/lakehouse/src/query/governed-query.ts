// `datamaster query --as <principal>`: DuckDB over the tables' current (or chosen) snapshots, enforcing
// the manifest's Lake Formation grants. Every table and column the query names is checked before it
// runs; the views it can see hold only the columns the grant allows (as Lake Formation's column
// filtering does for SELECT *); and DuckDB is locked to the lake's folder, so no file outside the
// granted tables can be read. The result streams: a result of any size is read a chunk at a time.
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { currentSchema, type LakeTables, type SnapshotId } from '@datamaster/iceberg';
import { bronzeTablePrefix } from '@datamaster/lake-contract';
import { readableColumns, icebergSchema, type IcebergSchema, type LakeTable } from '@datamaster/lake-manifest';
import type { ObjectStore } from '@datamaster/storage';
import { openEngineSession, type EngineSessionOptions } from '../engine/duckdb-session.js';
import { localPath, quoteIdentifier, sqlList } from '../engine/sql.js';
import { liveFiles, parquetSelect } from '../engine/table-view.js';
import { QueryRefusedError } from './query-errors.js';
import { checkPrincipal, checkQueryGrants } from './query-grants.js';
import type { QueryResult, QueryRow } from './query-result.js';
import { openQueryStream, type QueryStream } from './query-stream.js';

export interface GovernedQueryDeps {
  readonly lake: LakeTables;
  /** Where bronze objects are (data-engineer may query bronze). */
  readonly store: ObjectStore;
  /** The query's own DuckDB: its memory budget and spill folder (default: DuckDB's, 80% of RAM). */
  readonly engine?: EngineSessionOptions;
}

export interface GovernedQueryOptions {
  readonly sql: string;
  readonly principal: string;
  /** Time travel: the table that has this snapshot is read at it; the others at their current one. */
  readonly snapshotId?: SnapshotId;
}

/** Measured with lakehouse:bench-query: 8 MB cuts a scale-1 CSV export's wall time by about a quarter. */
const STREAMING_BUFFER = '8MB';

/**
 * Checks the query against the principal's grants, then hands its result, unread, to `read`; the query's
 * DuckDB (views, locks) lives until `read` is done.
 */
export async function withGovernedQuery<T>(deps: GovernedQueryDeps, options: GovernedQueryOptions, read: (result: QueryStream) => Promise<T>): Promise<T> {
  const manifest = deps.lake.manifest;
  checkPrincipal(manifest, options.principal);
  // A DuckDB of its own: views of one principal never outlive its query or meet another's.
  const session = await openEngineSession(deps.engine);
  try {
    const connection = await session.connect();
    // DuckDB renders ahead of the reader up to this much (default 976.5 KiB): while JavaScript writes one chunk
    // out, DuckDB's threads fill the next ones. The cap, not the result's size, bounds what is held.
    await connection.run(`SET streaming_buffer_size = '${STREAMING_BUFFER}'`);
    const { tables: resolved } = await checkQueryGrants(connection, manifest, options.principal, options.sql);
    let snapshotUsed = options.snapshotId === undefined;
    for (const { table, grant } of resolved) {
      const visible = readableColumns(table, grant);
      const snapshot = await snapshotFor(deps, table, options.snapshotId);
      snapshotUsed ||= snapshot !== undefined;
      const { schema, paths } = await tableFiles(deps, table, snapshot);
      await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(table.layer)}`);
      await connection.run(`CREATE OR REPLACE VIEW ${quoteIdentifier(table.layer)}.${quoteIdentifier(table.name)} AS ${parquetSelect(table, schema, paths, visible)}`);
    }
    if (!snapshotUsed) throw new QueryRefusedError(`no table of the query has snapshot ${options.snapshotId}; see \`datamaster tables\` for snapshot ids`);
    await lockToLake(connection, localPath(deps.store.uri));
    return await read(await openQueryStream(connection, options.sql));
  } finally {
    session.close();
  }
}

/** The whole result in memory: for results known to be small (a LIMIT, an aggregate). */
export function governedQuery(deps: GovernedQueryDeps, options: GovernedQueryOptions): Promise<QueryResult> {
  return withGovernedQuery(deps, options, async (result) => {
    const rows: QueryRow[] = [];
    for await (const batch of result.rows()) rows.push(...batch);
    return { columns: result.columns, rows };
  });
}

async function snapshotFor(deps: GovernedQueryDeps, table: LakeTable, snapshotId: SnapshotId | undefined): Promise<SnapshotId | undefined> {
  if (snapshotId === undefined || table.layer === 'bronze') return undefined;
  const iceberg = await deps.lake.load(table);
  return iceberg.metadata.snapshots.some((s) => s['snapshot-id'] === snapshotId) ? snapshotId : undefined;
}

/** A table's files, and the schema to read them with: the Iceberg table's, or for bronze (plain files) the manifest's. */
async function tableFiles(deps: GovernedQueryDeps, table: LakeTable, snapshotId: SnapshotId | undefined): Promise<{ schema: IcebergSchema; paths: string[] }> {
  if (table.layer === 'bronze') {
    const root = localPath(deps.store.uri);
    const paths: string[] = [];
    for await (const object of deps.store.listAll(bronzeTablePrefix(table.name))) if (object.key.endsWith('.parquet')) paths.push(join(root, object.key));
    return { schema: icebergSchema(table), paths };
  }
  const iceberg = await deps.lake.load(table);
  const files = await liveFiles(iceberg, table, snapshotId === undefined ? {} : { snapshotId });
  return { schema: currentSchema(iceberg.metadata), paths: files.map((f) => localPath(f.path)) };
}

/** From here on DuckDB reads only under the lake folder and cannot be reconfigured. */
async function lockToLake(connection: DuckDBConnection, lakeDir: string): Promise<void> {
  await connection.run(`SET allowed_directories = ${sqlList([`${lakeDir}/`])}`);
  await connection.run('SET enable_external_access = false');
  await connection.run('SET lock_configuration = true');
}
