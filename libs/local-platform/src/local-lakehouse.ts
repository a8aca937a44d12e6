// The embedded engine for a lake home: its SQLite Iceberg catalog (the SqlCatalog layout, shared with
// Spark and PyIceberg), the lake's tables in it, a DuckDB session, and the processing tasks' context, on
// top of the platform. Claims record this process, so a run that dies leaves work the next run takes over.
import { availableParallelism } from 'node:os';
import { LakeTables, localLocation, SqliteCatalog, type EnsureOptions, type TableMetadata } from '@datamaster/iceberg';
import { CATALOG_NAME } from '@datamaster/lake-contract';
import { activeManifestVersion, type TableRef } from '@datamaster/lake-manifest';
import { openEngineSession, type EngineSessionOptions, type LakehouseContext } from '@datamaster/lakehouse';
import { holderGone, thisProcess } from '@datamaster/control-ledger';
import type { ProcessingContext } from '@datamaster/processing';
import type { LakeHome } from '@datamaster/lake-home';
import type { LocalPlatform } from './local-platform.js';

export interface LocalLakehouse extends LakehouseContext {
  /** What the processing state machine's claim, settle and fail tasks run with. */
  readonly processing: ProcessingContext;
  /** Each of the manifest's tables' metadata as opening the lake left it (see LakeTables.ensure). */
  readonly ensured: ReadonlyMap<TableRef, TableMetadata>;
  /** The home's budget for a DuckDB of its own (a governed query's): the same share, threads and spill folder as processing's. */
  readonly engine: EngineMemory;
  close(): void;
}

/** The lake home's catalog and the manifest's tables in it, as they are: nothing is created or evolved. */
export function openLakeCatalog(home: LakeHome): { lake: LakeTables; close(): void } {
  const warehouse = localLocation(home.warehouseDir);
  const catalog = new SqliteCatalog({ path: home.catalogPath, warehouse, name: CATALOG_NAME });
  return { lake: new LakeTables(catalog, activeManifestVersion(), warehouse), close: () => catalog.close() };
}

const ENGINE_SHARE = 0.5;
/**
 * What DuckDB holds and cannot spill grows with its threads (each keeps blocks of the files it reads and writes
 * pinned). `process all` at scales 0.3 and 1 needed about 64 MiB plus 48 MiB per thread of DuckDB's share (on 2
 * threads it failed with 162 MiB and passed with 167; on 4 it failed with 244 and passed with 305; on 8 it failed
 * with 366 and passed with 477; on 16 it failed with 477), so DuckDB gets a thread per 64 MiB of its share beyond the
 * first 64 MiB, and no more than the machine's cores: at the smallest budget (512 MB, 244 MiB for DuckDB) 2 threads,
 * at 1 GB 6, at the default 2 GB 13 (docs/lakehouse.md, "The smallest budget").
 */
const ENGINE_BASE_BYTES = 64 * 2 ** 20;
const ENGINE_BYTES_PER_THREAD = 64 * 2 ** 20;

export type EngineMemory = Required<Pick<EngineSessionOptions, 'memoryLimitBytes' | 'threads' | 'spillDir' | 'budget'>>;

/**
 * DuckDB's share of the home's processing budget, and its threads. The rest of the budget is for what DuckDB does
 * not count: Node and the CLI, the Parquet readers' buffers, and DuckDB's own allocations outside its buffer manager.
 */
export function engineMemory(home: Pick<LakeHome, 'memoryLimitBytes' | 'memoryLimitSource' | 'spillDir'>, cores = availableParallelism()): EngineMemory {
  const memoryLimitBytes = Math.floor(home.memoryLimitBytes * ENGINE_SHARE);
  const threads = Math.max(1, Math.min(cores, Math.floor((memoryLimitBytes - ENGINE_BASE_BYTES) / ENGINE_BYTES_PER_THREAD)));
  return { memoryLimitBytes, threads, spillDir: home.spillDir, budget: { bytes: home.memoryLimitBytes, source: home.memoryLimitSource } };
}

/**
 * `ensure`: how the manifest's tables are brought to it as the lake opens (by default, every table evolved);
 * `session`: the DuckDB session's choices beyond the home's budget (a long-lived one does not cache files).
 */
export async function openLocalLakehouse(platform: LocalPlatform, ensure: EnsureOptions = {}, session: Pick<EngineSessionOptions, 'cacheFiles'> = {}): Promise<LocalLakehouse> {
  const { lake, close: closeCatalog } = openLakeCatalog(platform.home);
  try {
    const ensured = await lake.ensure(ensure);
    const engine = engineMemory(platform.home);
    const engineSession = await openEngineSession({ ...engine, ...session });
    return {
      lake,
      ensured,
      engine,
      store: platform.store,
      session: engineSession,
      processing: { ledger: platform.ledger, store: platform.store, lake, holder: thisProcess(), holderGone, journal: platform.journal, metrics: platform.metrics, lineage: platform.lineage },
      close: () => {
        engineSession.close();
        closeCatalog();
      },
    };
  } catch (error) {
    closeCatalog();
    throw error;
  }
}
