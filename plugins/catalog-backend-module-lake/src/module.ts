// catalog.lake: registers the lake entity provider with the catalog. Configuration (app-config.yaml):
//   lakeCatalog:
//     manifest:
//       url: https://github.com/acme/lake/tree/main/libs/lake-manifest   # a portal: read through UrlReader
//       # path: /home/me/lake/libs/lake-manifest                         # local: a manifest folder on disk
//     refresh: { frequency: { minutes: 30 }, timeout: { minutes: 3 } }   # optional; this is the default
//     addOwnerGroups: true        # optional: add Group entities for owners no other catalog source declares
import { coreServices, createBackendModule, readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint, catalogServiceRef } from '@backstage/plugin-catalog-node';
import { LakeEntityProvider } from './lake-entity-provider';
import { lakeManifestSource } from '@datamaster/plugin-lake-catalog-node';

const DEFAULT_REFRESH = { frequency: { minutes: 30 }, timeout: { minutes: 3 } };

export const catalogModuleLake = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'lake',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        catalogService: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
      },
      async init({ catalog, catalogService, auth, config, logger, scheduler, urlReader }) {
        const refresh = config.has('lakeCatalog.refresh')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(config.getConfig('lakeCatalog.refresh'))
          : DEFAULT_REFRESH;
        catalog.addEntityProvider(
          new LakeEntityProvider({
            source: lakeManifestSource(config, urlReader),
            schedule: scheduler.createScheduledTaskRunner(refresh),
            logger,
            ...(config.getOptionalBoolean('lakeCatalog.addOwnerGroups') ? { addOwnerGroups: { service: catalogService, auth } } : {}),
          }),
        );
      },
    });
  },
});
