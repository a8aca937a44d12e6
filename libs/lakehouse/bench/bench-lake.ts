// The bench's lake: a lake home in the run's temp folder, opened by each step's process on the embedded
// defaults (file object store, ledger on the embedded DynamoDB-API server, SQLite Iceberg catalog, DuckDB
// with its default threads and memory), as the CLI opens it; and what the steps hand on to each other.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ControlLedger } from '@datamaster/control-ledger';
import type { LedgerRecord } from '@datamaster/lake-contract';
import { initLakeHome } from '@datamaster/lake-home';
import { openLocalPlatform, type LocalPlatform } from '@datamaster/local-platform';
import { openLocalLakehouse, type LocalLakehouse } from '@datamaster/local-platform/lakehouse';

export interface BenchLake {
  readonly platform: LocalPlatform;
  readonly ctx: LocalLakehouse;
  close(): Promise<void>;
}

/** What each step leaves for the next ones, in <dir>/state.json. */
export interface BenchState {
  readonly scale: number;
  /** Rows each silver source table must hold (keys seen: seed rows plus inserts). */
  readonly rows: Readonly<Record<string, number>>;
  /** Of those, the soft-deleted ones. */
  readonly deleted: Readonly<Record<string, number>>;
  /** The latest source change time delivered so far (ms): a later step's changes must come after it. */
  readonly lastChangeMs: number;
  /** The one-month step's updates. */
  readonly month?: { readonly year: number; readonly month: number; readonly changes: number; readonly sinceMs: number };
}

/** The lake home's platform (created on first use); enough for the bronze steps. */
export async function openBenchPlatform(dir: string): Promise<LocalPlatform> {
  return openLocalPlatform(initLakeHome(join(dir, 'home')).home);
}

/** The platform and the embedded engine on it, as `datamaster process` opens them. */
export async function openBenchLake(dir: string): Promise<BenchLake> {
  const platform = await openBenchPlatform(dir);
  try {
    const ctx = await openLocalLakehouse(platform);
    return {
      platform,
      ctx,
      close: async () => {
        ctx.close();
        await platform.close();
      },
    };
  } catch (error) {
    await platform.close();
    throw error;
  }
}

export const readState = async (dir: string): Promise<BenchState> => JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as BenchState;

export const writeState = (dir: string, state: BenchState): Promise<void> => writeFile(join(dir, 'state.json'), JSON.stringify(state));

/** The bronze ledger records registered since `since` (ISO), once the step's ingestion is idle. */
export async function bronzeRecordsSince(ledger: ControlLedger, since: string): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = [];
  for (const status of ['pending', 'running', 'succeeded', 'failed', 'dead'] as const) {
    let cursor: string | undefined;
    do {
      const page = await ledger.listByLayer({ layer: 'bronze', status, limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
      records.push(...page.records.filter((r) => r.registeredAt >= since));
      cursor = page.cursor;
    } while (cursor !== undefined);
  }
  const unfinished = records.filter((r) => r.status !== 'succeeded');
  if (unfinished.length > 0) {
    const first = unfinished[0] as LedgerRecord;
    throw new Error(`${unfinished.length} raw object(s) did not reach bronze, e.g. ${first.objectKey}: ${first.status} ${first.lastError?.message ?? ''}`);
  }
  return records;
}
