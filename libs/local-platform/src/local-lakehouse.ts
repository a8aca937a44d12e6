// The embedded engine for a lake home: its SQLite Iceberg catalog (the SqlCatalog layout, shared with
// Spark and PyIceberg), the lake's tables in it, a DuckDB session, and the processing tasks' context, on
// top of the platform. Claims record this process, so a run that dies leaves work the next run takes over.
import { LakeTables, localLocation, SqliteCatalog, type EnsureOptions, type TableMetadata } from '@datamaster/iceberg';
import { CATALOG_NAME } from '@datamaster/lake-contract';
import { activeManifestVersion, type TableRef } from '@datamaster/lake-manifest';
import { openEngineSession, type LakehouseContext } from '@datamaster/lakehouse';
import { holderGone, thisProcess } from '@datamaster/control-ledger';
import type { ProcessingContext } from '@datamaster/processing';
import type { LakeHome } from '@datamaster/lake-home';
import type { LocalPlatform } from './local-platform.js';

export interface LocalLakehouse extends LakehouseContext {
  /** What the processing state machine's claim, settle and fail tasks run with. */
  readonly processing: ProcessingContext;
  /** Each of the manifest's tables' metadata as opening the lake left it (see LakeTables.ensure). */
  readonly ensured: ReadonlyMap<TableRef, TableMetadata>;
  /** The home's budget for a DuckDB of its own (a governed query's): the same share and spill folder as processing's. */
  readonly engine: { readonly memoryLimitBytes: number; readonly spillDir: string };
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
 * DuckDB's share of the home's processing budget. The rest is for what DuckDB does not count: Node and the CLI,
 * the Parquet readers' buffers, and DuckDB's own allocations outside its buffer manager.
 */
export function engineMemory(home: Pick<LakeHome, 'memoryLimitBytes' | 'spillDir'>): { memoryLimitBytes: number; spillDir: string } {
  return { memoryLimitBytes: Math.floor(home.memoryLimitBytes * ENGINE_SHARE), spillDir: home.spillDir };
}

/** `ensure`: how the manifest's tables are brought to it as the lake opens (by default, every table evolved). */
export async function openLocalLakehouse(platform: LocalPlatform, ensure: EnsureOptions = {}): Promise<LocalLakehouse> {
  const { lake, close: closeCatalog } = openLakeCatalog(platform.home);
  try {
    const ensured = await lake.ensure(ensure);
    const engine = engineMemory(platform.home);
    const session = await openEngineSession(engine);
    return {
      lake,
      ensured,
      engine,
      store: platform.store,
      session,
      processing: { ledger: platform.ledger, store: platform.store, lake, holder: thisProcess(), holderGone, journal: platform.journal },
      close: () => {
        session.close();
        closeCatalog();
      },
    };
  } catch (error) {
    closeCatalog();
    throw error;
  }
}
