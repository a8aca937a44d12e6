// The lake catalog for apps on Backstage's original frontend system (@backstage/core-plugin-api); apps on the
// new frontend system use the same components through '@datamaster/plugin-lake-catalog/alpha'.
import { createApiFactory, createComponentExtension, createPlugin, createRoutableExtension, discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { LakeCatalogClient, lakeCatalogApiRef } from './api/LakeCatalogApi';
import { rootRouteRef } from './routes';

export const lakeCatalogPlugin = createPlugin({
  id: 'lake-catalog',
  apis: [createApiFactory({ api: lakeCatalogApiRef, deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef }, factory: (deps) => new LakeCatalogClient(deps) })],
  routes: { root: rootRouteRef },
});

/** The lake overview page: mount it at a route, e.g. <Route path="/lake" element={<LakeOverviewPage />} />. */
export const LakeOverviewPage = lakeCatalogPlugin.provide(
  createRoutableExtension({
    name: 'LakeOverviewPage',
    component: () => import('./components/LakeOverviewPage/LakeOverviewPage').then((m) => m.LakeOverviewPage),
    mountPoint: rootRouteRef,
  }),
);

/** The "Lake table" tab of a lake table's entity page (show it where isLakeTableEntity holds). */
export const EntityLakeTableContent = lakeCatalogPlugin.provide(
  createComponentExtension({
    name: 'EntityLakeTableContent',
    component: { lazy: () => import('./components/LakeTableContent/LakeTableContent').then((m) => m.LakeTableContent) },
  }),
);
