// The embedded engine for a lake home: its SQLite Iceberg catalog (the SqlCatalog layout, shared with
// Spark and PyIceberg), the lake's tables in it, a DuckDB session, and the processing tasks' context, on
// top of the platform. Claims record this process, so a run that dies leaves work the next run takes over.
import { LakeTables, localLocation, SqliteCatalog } from '@datamaster/iceberg';
import { CATALOG_NAME } from '@datamaster/lake-contract';
import { lakeManifest } from '@datamaster/lake-manifest';
import { openEngineSession, type LakehouseContext } from '@datamaster/lakehouse';
import { holderGone, thisProcess, type ProcessingContext } from '@datamaster/processing';
import type { LocalPlatform } from './local-platform.js';

export interface LocalLakehouse extends LakehouseContext {
  /** What the processing state machine's claim, settle and fail tasks run with. */
  readonly processing: ProcessingContext;
  close(): void;
}

export async function openLocalLakehouse(platform: LocalPlatform): Promise<LocalLakehouse> {
  const warehouse = localLocation(platform.home.warehouseDir);
  const catalog = new SqliteCatalog({ path: platform.home.catalogPath, warehouse, name: CATALOG_NAME });
  try {
    const lake = new LakeTables(catalog, lakeManifest(), warehouse);
    await lake.ensure();
    const session = await openEngineSession();
    return {
      lake,
      store: platform.store,
      session,
      processing: { ledger: platform.ledger, store: platform.store, lake, holder: thisProcess(), holderGone },
      close: () => {
        session.close();
        catalog.close();
      },
    };
  } catch (error) {
    catalog.close();
    throw error;
  }
}
