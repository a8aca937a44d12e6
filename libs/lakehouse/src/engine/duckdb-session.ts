// One in-process DuckDB for the embedded engine. Every job takes its own connection: temp tables and
// views are per connection, so jobs the processing state machine runs in parallel never see each other's.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface EngineSessionOptions {
  /** DuckDB worker threads; default: DuckDB's choice (the machine's cores). */
  readonly threads?: number;
  /** e.g. "4GB"; default: DuckDB's (80% of RAM). */
  readonly memoryLimit?: string;
}

export interface EngineSession {
  /** A new connection, in UTC (year() and month() of a timestamptz follow the session time zone). */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

export async function openEngineSession(options: EngineSessionOptions = {}): Promise<EngineSession> {
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config['threads'] = String(options.threads);
  if (options.memoryLimit !== undefined) config['memory_limit'] = options.memoryLimit;
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
