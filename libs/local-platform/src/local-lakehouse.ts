// The embedded engine for a lake home: its SQLite Iceberg catalog (the SqlCatalog layout, shared with
// Spark and PyIceberg), the lake's tables in it, and a DuckDB session, on top of the platform.
import { localLocation, SqliteCatalog } from '@datamaster/iceberg';
import { lakeManifest } from '@datamaster/lake-manifest';
import { LakeTables, openEngineSession, type LakehouseContext } from '@datamaster/lakehouse';
import type { LocalPlatform } from './local-platform.js';

/** The catalog name Spark's JDBC catalog uses for the same SQLite file (spark.sql.catalog.datamaster). */
export const LOCAL_CATALOG_NAME = 'datamaster';

export interface LocalLakehouse extends LakehouseContext {
  close(): void;
}

export async function openLocalLakehouse(platform: LocalPlatform): Promise<LocalLakehouse> {
  const warehouse = localLocation(platform.home.warehouseDir);
  const catalog = new SqliteCatalog({ path: platform.home.catalogPath, warehouse, name: LOCAL_CATALOG_NAME });
  try {
    const lake = new LakeTables(catalog, lakeManifest(), warehouse);
    await lake.ensure();
    const session = await openEngineSession();
    return {
      lake,
      ledger: platform.ledger,
      store: platform.store,
      session,
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
