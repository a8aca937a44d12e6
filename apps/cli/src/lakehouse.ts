// The embedded engine for a command: the home's SQLite Iceberg catalog (SqlCatalog layout, shared
// with Spark and PyIceberg), the lake's tables in it, and a DuckDB session, next to the platform.
import type { Command } from 'commander';
import { localLocation, SqliteCatalog } from '@datamaster/iceberg';
import { lakeManifest } from '@datamaster/lake-manifest';
import { LakeTables, openEngineSession, type LakehouseContext } from '@datamaster/lakehouse';
import type { LocalPlatform } from '@datamaster/local-platform';
import type { CommandContext } from './context.js';
import { withPlatform } from './platform.js';

/** The catalog name Spark's JDBC catalog uses for the same SQLite file (spark.sql.catalog.datamaster). */
export const LOCAL_CATALOG_NAME = 'datamaster';

export async function openLakehouse(platform: LocalPlatform): Promise<LakehouseContext & { close(): void }> {
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

export async function withLakehouse<T>(ctx: CommandContext, command: Command, work: (lakehouse: LakehouseContext, platform: LocalPlatform) => Promise<T>): Promise<T> {
  return withPlatform(ctx, command, async (platform) => {
    const lakehouse = await openLakehouse(platform);
    try {
      return await work(lakehouse, platform);
    } finally {
      lakehouse.close();
    }
  });
}
