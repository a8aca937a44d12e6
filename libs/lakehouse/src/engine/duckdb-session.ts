// One in-process DuckDB for the embedded engine. Every job takes its own connection: temp tables and
// views are per connection, so jobs the processing state machine runs in parallel never see each other's.
import { mkdir } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface EngineSessionOptions {
  /** DuckDB worker threads; default: DuckDB's choice (the machine's cores). */
  readonly threads?: number;
  /** Bytes DuckDB may hold; default: DuckDB's (80% of RAM). */
  readonly memoryLimitBytes?: number;
  /** Where DuckDB spills what does not fit (created if missing); default: DuckDB's (`.tmp` next to a database, none in memory). */
  readonly spillDir?: string;
}

export interface EngineSession {
  /** A new connection, in UTC (year() and month() of a timestamptz follow the session time zone). */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

export async function openEngineSession(options: EngineSessionOptions = {}): Promise<EngineSession> {
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config['threads'] = String(options.threads);
  if (options.memoryLimitBytes !== undefined) config['memory_limit'] = `${Math.floor(options.memoryLimitBytes / 2 ** 20)}MiB`;
  if (options.spillDir !== undefined) {
    await mkdir(options.spillDir, { recursive: true });
    config['temp_directory'] = options.spillDir;
  }
  const instance = await DuckDBInstance.create(':memory:', config);
  const connections: DuckDBConnection[] = [];
  return {
    async connect() {
      const connection = await instance.connect();
      await connection.run("SET TimeZone = 'UTC'");
      connections.push(connection);
      return connection;
    },
    close() {
      connections.forEach((c) => c.closeSync());
      instance.closeSync();
    },
  };
}
