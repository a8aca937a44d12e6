// The lake-catalog backend plugin: GET /api/lake-catalog/tables, /tables/:ref and /tables/:ref/status.
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { lakeCatalogPermissions } from '@datamaster/plugin-lake-catalog-common';
import { lakeManifestSource } from '@datamaster/plugin-lake-catalog-node';
import { readLakeCatalogConfig } from './lake-config';
import { LakeFormationDrift } from './lake-formation-drift';
import { openLakeServices } from './lake-services';
import { LakeStatusReader } from './lake-status';
import { ManifestCache } from './manifest-cache';
import { lineageFolderReader } from './observed-lineage';
import { lakeTablePermissionRules, lakeTableResourceRef } from './permission-rules';
import { createLakeCatalogRouter } from './router';

export const lakeCatalogPlugin = createBackendPlugin({
  pluginId: 'lake-catalog',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        lifecycle: coreServices.lifecycle,
      },
      async init({ config, logger, httpRouter, httpAuth, permissions, permissionsRegistry, urlReader, lifecycle }) {
        const settings = readLakeCatalogConfig(config);
        const services = openLakeServices(settings);
        const drift = settings.lakeFormation === undefined ? undefined : new LakeFormationDrift(settings.lakeFormation);
        lifecycle.addShutdownHook(() => {
          services.close();
          drift?.close();
        });
        const manifest = new ManifestCache(lakeManifestSource(config, urlReader), logger);
        permissionsRegistry.addResourceType({
          resourceRef: lakeTableResourceRef,
          permissions: lakeCatalogPermissions,
          rules: Object.values(lakeTablePermissionRules),
          getResources: async (refs) => {
            const { tables } = await manifest.get();
            return refs.map((ref) => tables.find((t) => t.ref === ref));
          },
        });
        httpRouter.use(
          createLakeCatalogRouter({
            manifest,
            status: new LakeStatusReader(services, logger),
            ...(drift === undefined ? {} : { drift }),
            ...(settings.lineage === undefined ? {} : { lineage: lineageFolderReader(settings.lineage.directory) }),
            httpAuth,
            permissions,
            logger,
          }),
        );
      },
    });
  },
});
