// `datamaster up --memory-log <file>`: a JSON line after every cycle and upkeep with where the process's memory is —
// RSS, V8's heap, memory outside it (Buffers, WebAssembly) and DuckDB's pools — so a long run (the soak benchmark)
// shows which of them grows, not only that RSS does.
import { appendFile } from 'node:fs/promises';
import type { EngineSession } from '@datamaster/lakehouse';

const MIB = 2 ** 20;
const mib = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;

export interface MemoryLogLine {
  readonly at: string;
  /** What had just ended: `cycle <n>` or `upkeep`. */
  readonly after: string;
  readonly rssMib: number;
  readonly heapUsedMib: number;
  readonly heapTotalMib: number;
  /** Outside V8's heap: Buffers, typed arrays, WebAssembly memory (the Parquet encoder's). */
  readonly externalMib: number;
  readonly arrayBuffersMib: number;
  /** DuckDB's pools (duckdb_memory()) with anything in them, and their sum. */
  readonly duckdbMib: number;
  readonly duckdb: Readonly<Record<string, number>>;
}

export async function appendMemoryLog(file: string, after: string, session: EngineSession): Promise<void> {
  const usage = process.memoryUsage();
  const pools = await session.memoryUse();
  const line: MemoryLogLine = {
    at: new Date().toISOString(),
    after,
    rssMib: mib(usage.rss),
    heapUsedMib: mib(usage.heapUsed),
    heapTotalMib: mib(usage.heapTotal),
    externalMib: mib(usage.external),
    arrayBuffersMib: mib(usage.arrayBuffers),
    duckdbMib: mib(pools.reduce((sum, p) => sum + p.bytes, 0)),
    duckdb: Object.fromEntries(pools.filter((p) => p.bytes > 0).map((p) => [p.tag, mib(p.bytes)])),
  };
  await appendFile(file, `${JSON.stringify(line)}\n`);
}
