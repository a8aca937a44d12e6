// /api/lake-catalog: every request is checked against lake.table.read for the table it reads, through the
// permission framework; the overview lists only the tables the caller may read.
import type { HttpAuthService, LoggerService, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { getTable, isCatalogTable, UnknownTableError, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import { lakeTableReadPermission, type LakeTableSummary } from '@datamaster/plugin-lake-catalog-common';
import type { Request, Router as ExpressRouter } from 'express';
import Router from 'express-promise-router';
import type { LakeFormationDrift } from './lake-formation-drift';
import type { LakeStatusReader } from './lake-status';
import type { ManifestCache } from './manifest-cache';
import type { ObservedLineageReader } from './observed-lineage';
import { tableDetails, tableIdentity } from './table-details';

/** The manifest's view stays available when Lake Formation cannot be asked; the drift section says why. */
function driftUnavailable(logger: LoggerService, ref: string, error: unknown): { checkedAt: string; differences: []; error: string } {
  const message = error instanceof Error ? error.message : String(error);
  logger.warn(`Lake Formation ListPermissions for ${ref} failed: ${message}`);
  return { checkedAt: new Date().toISOString(), differences: [], error: message };
}

export interface LakeCatalogRouterOptions {
  readonly manifest: ManifestCache;
  readonly status: LakeStatusReader;
  readonly drift?: LakeFormationDrift;
  readonly lineage?: ObservedLineageReader;
  readonly httpAuth: HttpAuthService;
  readonly permissions: PermissionsService;
  readonly logger: LoggerService;
}

export function createLakeCatalogRouter(options: LakeCatalogRouterOptions): ExpressRouter {
  const { manifest: manifestCache, status, drift, lineage, httpAuth, permissions, logger } = options;

  async function allowed(request: Request, refs: readonly string[]): Promise<boolean[]> {
    if (refs.length === 0) return [];
    const credentials = await httpAuth.credentials(request);
    const decisions = await permissions.authorize(refs.map((resourceRef) => ({ permission: lakeTableReadPermission, resourceRef })), { credentials });
    return decisions.map((d) => d.result === AuthorizeResult.ALLOW);
  }

  async function readableTable(request: Request, manifest: LakeManifest): Promise<LakeTable> {
    const ref = String(request.params.ref);
    let table: LakeTable;
    try {
      table = getTable(manifest, ref);
    } catch (error) {
      // Only the ref asked for: the known tables include ones the caller may not read.
      if (error instanceof UnknownTableError) throw new NotFoundError(`No lake table ${ref} in the lake manifest`);
      throw error;
    }
    const [ok] = await allowed(request, [table.ref]);
    if (!ok) throw new NotAllowedError(`Not allowed to read lake table ${table.ref} (permission ${lakeTableReadPermission.name})`);
    return table;
  }

  const router = Router();

  router.get('/tables', async (request, response) => {
    const manifest = await manifestCache.get();
    const candidates = manifest.tables.filter(isCatalogTable);
    const decisions = await allowed(request, candidates.map((t) => t.ref));
    const tables = candidates.filter((_, i) => decisions[i]);
    const statuses = await status.statuses(manifest, tables);
    const summaries: LakeTableSummary[] = tables.map((t, i) => ({ ...tableIdentity(t), status: statuses[i] as LakeTableSummary['status'] }));
    response.json({ lake: manifest.name, tables: summaries });
  });

  router.get('/tables/:ref', async (request, response) => {
    const manifest = await manifestCache.get();
    const table = await readableTable(request, manifest);
    const declared = tableDetails(manifest, table);
    const details = lineage === undefined ? declared : { ...declared, lineage: { ...declared.lineage, observed: await lineage.observed(table.ref) } };
    if (drift === undefined || !isCatalogTable(table)) {
      response.json(details);
      return;
    }
    response.json({ ...details, grants: { ...details.grants, drift: await drift.check(manifest, table, details.grants.rows).catch((error: unknown) => driftUnavailable(logger, table.ref, error)) } });
  });

  router.get('/tables/:ref/status', async (request, response) => {
    const manifest = await manifestCache.get();
    const table = await readableTable(request, manifest);
    if (!isCatalogTable(table)) throw new NotFoundError(`${table.ref} is an OLTP source table: the lake keeps no status for it; its lake tables do (${table.name} in bronze and silver)`);
    response.json(await status.liveStatus(manifest, table));
  });

  return router;
}
