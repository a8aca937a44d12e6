// /api/lake-catalog: every request is checked against lake.table.read for the table it reads, through the
// permission framework; the overview lists only the tables the caller may read.
import type { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CATALOG_LAYERS, getTable, UnknownTableError, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import { lakeTableReadPermission, type LakeTableSummary } from '@datamaster/plugin-lake-catalog-common';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import type { LakeFormationDrift } from './lake-formation-drift';
import type { LakeStatusReader } from './lake-status';
import type { ManifestCache } from './manifest-cache';
import { tableDetails } from './table-details';

export interface LakeCatalogRouterOptions {
  readonly manifest: ManifestCache;
  readonly status: LakeStatusReader;
  readonly drift?: LakeFormationDrift;
  readonly httpAuth: HttpAuthService;
  readonly permissions: PermissionsService;
}

const isCatalogTable = (table: LakeTable) => (CATALOG_LAYERS as readonly string[]).includes(table.layer);

export function createLakeCatalogRouter(options: LakeCatalogRouterOptions): express.Router {
  const { manifest: manifestCache, status, drift, httpAuth, permissions } = options;

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
      if (error instanceof UnknownTableError) throw new NotFoundError(error.message);
      throw error;
    }
    const [ok] = await allowed(request, [table.ref]);
    if (!ok) throw new NotAllowedError(`Not allowed to read lake table ${table.ref} (permission ${lakeTableReadPermission.name})`);
    return table;
  }

  const router = Router();
  router.use(express.json());

  router.get('/tables', async (request, response) => {
    const manifest = await manifestCache.get();
    const candidates = manifest.tables.filter(isCatalogTable);
    const decisions = await allowed(request, candidates.map((t) => t.ref));
    const tables = candidates.filter((_, i) => decisions[i]);
    const statuses = await status.statuses(manifest, tables);
    const summaries: LakeTableSummary[] = tables.map((t, i) => ({
      ref: t.ref,
      layer: t.layer,
      name: t.name,
      domain: t.domain,
      owner: t.owner,
      description: t.description,
      status: statuses[i] as LakeTableSummary['status'],
    }));
    response.json({ lake: manifest.name, tables: summaries });
  });

  router.get('/tables/:ref', async (request, response) => {
    const manifest = await manifestCache.get();
    const table = await readableTable(request, manifest);
    const details = tableDetails(manifest, table);
    if (drift === undefined || !isCatalogTable(table)) {
      response.json(details);
      return;
    }
    response.json({ ...details, grants: { ...details.grants, drift: await drift.check(manifest, table, details.grants.rows) } });
  });

  router.get('/tables/:ref/status', async (request, response) => {
    const manifest = await manifestCache.get();
    const table = await readableTable(request, manifest);
    if (!isCatalogTable(table)) throw new NotFoundError(`${table.ref} is an OLTP source table: the lake keeps no status for it; its lake tables do (${table.name} in bronze and silver)`);
    response.json(await status.liveStatus(manifest, table));
  });

  return router;
}
