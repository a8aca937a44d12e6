// Test fixture: a whole embedded lake in a temp dir (file object store, ledger on the embedded
// DynamoDB-API server, SQLite Iceberg catalog, DuckDB), bronze files written from literal changes.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { JobResult, LedgerRecord } from '@datamaster/lake-contract';
import { startEmbeddedDynamo, type EmbeddedServer } from '@datamaster/embedded-services';
import { duckdbFieldIds, LakeTables, localLocation, SqliteCatalog, type SnapshotId } from '@datamaster/iceberg';
import { activeManifestVersion, duckdbType, getTable, icebergSchema, quoteIdentifier, type LakeTable } from '@datamaster/lake-manifest';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { holderGone, openLedger, thisProcess, type ControlLedger } from '@datamaster/control-ledger';
import { runProcessing, type ProcessingContext, type ProcessingOptions, type ProcessingRun } from '@datamaster/processing';
import type { LakehouseContext } from '../engine/context.js';
import { openEngineSession, type EngineSession } from '../engine/duckdb-session.js';
import { embeddedEngine } from '../engine/run-job.js';
import { createTableView } from '../engine/table-view.js';

export type Change = Record<string, string | number | null> & { op: 'load' | 'insert' | 'update' | 'delete'; change_ts: string; change_seq: number };

export interface LakeFixture {
  readonly dir: string;
  readonly ctx: LakehouseContext;
  /** The claim, settle and fail tasks' context for this lake (holder: this process). */
  readonly processing: ProcessingContext;
  readonly catalog: SqliteCatalog;
  readonly ledger: ControlLedger;
  /** Writes the changes as one bronze Parquet file and registers it as silver work; with field ids unless told not to. */
  writeBronze(table: string, name: string, changes: readonly Change[], options?: { readonly fieldIds?: boolean }): Promise<LedgerRecord>;
  /** Runs one table (e.g. "silver.beer") through the processing state machine on the embedded engine. */
  run(ref: string): Promise<JobResult>;
  /** Runs the processing state machine on the embedded engine. */
  process(options: ProcessingOptions): Promise<ProcessingRun>;
  /** The table's current rows (or at a snapshot), ordered by its primary key; timestamps as ISO strings. */
  rows(ref: string, snapshotId?: SnapshotId): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
}

let executions = 0;
const literal = (value: string | number | null, type: string) =>
  value === null ? 'NULL' : typeof value === 'number' ? `CAST(${value} AS ${type})` : `CAST('${value.replaceAll("'", "''")}' AS ${type})`;

export async function lakeFixture(server: EmbeddedServer): Promise<LakeFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'lakehouse-test-'));
  const warehouse = localLocation(join(dir, 'lake'));
  const ledger = await openLedger({ ...server, tableName: `ledger-${createHash('sha1').update(dir).digest('hex').slice(0, 8)}` });
  const store: ObjectStore = openObjectStore(join(dir, 'lake'));
  const catalog = new SqliteCatalog({ path: join(dir, 'catalog.db'), warehouse, name: 'datamaster' });
  const lake = new LakeTables(catalog, activeManifestVersion(), warehouse);
  await lake.ensure();
  const session: EngineSession = await openEngineSession({ threads: 2 });
  const ctx: LakehouseContext = { lake, store, session };
  const processing: ProcessingContext = { ledger, store, lake, holder: thisProcess(), holderGone };
  const process = (options: ProcessingOptions) => runProcessing(processing, embeddedEngine(ctx), { executionId: `test-execution-${++executions}`, ...options });
  const connection = await session.connect();

  return {
    dir,
    ctx,
    processing,
    catalog,
    ledger,
    async writeBronze(table, name, changes, { fieldIds = true } = {}) {
      const bronze: LakeTable = getTable(lake.manifest, `bronze.${table}`);
      const key = `bronze/${table}/ingest_date=2024-01-01/${name}.parquet`;
      const path = join(dir, 'lake', key);
      mkdirSync(dirname(path), { recursive: true });
      const rows = changes.map((change) => {
        const full: Record<string, string | number | null> = { change_txn_id: null, raw_object_key: `raw/${table}/${name}.gz`, ingested_at: '2024-01-01T00:00:00Z', ...change };
        return `SELECT ${bronze.columns.map((c) => `${literal(full[c.name] ?? null, duckdbType(c.type))} AS ${quoteIdentifier(c.name)}`).join(', ')}`;
      });
      // With field ids, as the bronze writer writes them: the engine reads bronze by id.
      const ids = fieldIds ? `, FIELD_IDS ${duckdbFieldIds(icebergSchema(bronze))}` : '';
      await connection.run(`COPY (${rows.join(' UNION ALL ')}) TO '${path}' (FORMAT parquet${ids})`);
      const bytes = await readFile(path);
      const etag = createHash('md5').update(bytes).digest('hex');
      const { record } = await ledger.register({ layer: 'silver', table, objectKey: key, etag, objectSize: bytes.byteLength, format: 'parquet', source: 'bronze', estimatedRecords: changes.length });
      return record;
    },
    async run(ref) {
      const run = await process({ layers: 'all', tables: [ref] });
      const [failure] = run.failures;
      if (failure !== undefined) throw new Error(failure.error);
      return run.results[0] as JobResult;
    },
    process,
    async rows(ref, snapshotId) {
      const table = getTable(lake.manifest, ref);
      await createTableView(connection, 'rows_view', await lake.load(table), table, snapshotId === undefined ? {} : { snapshotId });
      const timestamps = table.columns.filter((c) => c.type === 'timestamptz').map((c) => c.name);
      const select = table.columns.map((c) => (timestamps.includes(c.name) ? `strftime(${quoteIdentifier(c.name)}, '%Y-%m-%dT%H:%M:%SZ') AS ${quoteIdentifier(c.name)}` : quoteIdentifier(c.name)));
      const result = await connection.runAndReadAll(`SELECT ${select.join(', ')} FROM rows_view ORDER BY ${table.primaryKey.map(quoteIdentifier).join(', ')}`);
      return result.getRowObjectsJson() as Record<string, unknown>[];
    },
    async dispose() {
      session.close();
      catalog.close();
      ledger.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers a test file's hooks: one embedded DynamoDB-API server for the file, a fresh lake for each test.
 * The returned object always stands for the current test's lake.
 */
export function freshLakePerTest(): LakeFixture {
  let server: EmbeddedServer | undefined;
  let current: LakeFixture | undefined;
  beforeAll(async () => void (server = await startEmbeddedDynamo()));
  afterAll(async () => server?.stop());
  beforeEach(async () => void (current = await lakeFixture(server as EmbeddedServer)));
  afterEach(async () => current?.dispose());
  return new Proxy({} as LakeFixture, { get: (_, property) => Reflect.get(current as LakeFixture, property) });
}
