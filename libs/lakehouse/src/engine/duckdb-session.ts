// One in-process DuckDB for the embedded engine. Every job takes its own connection: temp tables and
// views are per connection, so jobs the processing state machine runs in parallel never see each other's.
import { mkdir } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** The processing budget that DuckDB's memory limit is a share of, as it was set: named when a job runs out of memory. */
export interface MemoryBudget {
  readonly bytes: number;
  /** Where it was set: "--memory-limit", the lake home's config.json field, or the default. */
  readonly source: string;
}

export interface EngineSessionOptions {
  /** DuckDB worker threads; default: DuckDB's choice (the machine's cores). */
  readonly threads?: number;
  /** Bytes DuckDB may hold; default: DuckDB's (80% of RAM). */
  readonly memoryLimitBytes?: number;
  /** Where DuckDB spills what does not fit (created if missing); default: DuckDB's (`.tmp` next to a database, none in memory). */
  readonly spillDir?: string;
  /** The budget `memoryLimitBytes` is a share of, if it is one. */
  readonly budget?: MemoryBudget;
  /**
   * Whether DuckDB keeps the bytes of the Parquet files it read (its external file cache); default true. A session
   * that lives for hours (`datamaster up`) reads each file about once, so the cache would only fill its budget:
   * measured, 46 MiB more per processing cycle, all of it this cache.
   */
  readonly cacheFiles?: boolean;
}

export interface EngineSession {
  /** What the session was opened with: the limits a job that runs out of memory ran under. */
  readonly options: EngineSessionOptions;
  /** A new connection, in UTC (year() and month() of a timestamptz follow the session time zone). */
  connect(): Promise<DuckDBConnection>;
  /** DuckDB's memory now, per pool (its duckdb_memory() table): what it holds and what it spilled. */
  memoryUse(): Promise<EngineMemoryUse[]>;
  close(): void;
}

export interface EngineMemoryUse {
  readonly tag: string;
  readonly bytes: number;
  readonly temporaryBytes: number;
}

export async function openEngineSession(options: EngineSessionOptions = {}): Promise<EngineSession> {
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config['threads'] = String(options.threads);
  if (options.cacheFiles === false) config['enable_external_file_cache'] = 'false';
  if (options.memoryLimitBytes !== undefined) config['memory_limit'] = `${Math.floor(options.memoryLimitBytes / 2 ** 20)}MiB`;
  if (options.spillDir !== undefined) {
    await mkdir(options.spillDir, { recursive: true });
    config['temp_directory'] = options.spillDir;
  }
  const instance = await DuckDBInstance.create(':memory:', config);
  // The connections still open, for close(); one a job closed itself leaves the set, so a session that lives as long
  // as `datamaster up` does not keep every connection it ever made.
  const open = new Set<DuckDBConnection>();
  const session: EngineSession = {
    options,
    async connect() {
      const connection = await instance.connect();
      await connection.run("SET TimeZone = 'UTC'");
      const closeSync = connection.closeSync.bind(connection);
      connection.closeSync = () => {
        open.delete(connection);
        closeSync();
      };
      open.add(connection);
      return connection;
    },
    async memoryUse() {
      const connection = await session.connect();
      try {
        const rows = (await connection.runAndReadAll('SELECT tag, memory_usage_bytes AS bytes, temporary_storage_bytes AS temporary FROM duckdb_memory() ORDER BY tag')).getRowObjectsJson();
        return rows.map((row) => ({ tag: String(row['tag']), bytes: Number(row['bytes']), temporaryBytes: Number(row['temporary']) }));
      } finally {
        connection.closeSync();
      }
    },
    close() {
      open.forEach((c) => c.closeSync());
      instance.closeSync();
    },
  };
  return session;
}
