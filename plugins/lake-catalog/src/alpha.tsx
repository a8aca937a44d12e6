// The lake catalog for apps on Backstage's new frontend system: the API, the overview page at /lake and the
// "Lake table" entity content, shown on lake-table Resources only.
import { convertLegacyRouteRef, convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { ApiBlueprint, createFrontendPlugin, PageBlueprint } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isLakeTableEntity } from '@datamaster/plugin-lake-catalog-common';
import { LakeCatalogClient, lakeCatalogApiRef } from './api/LakeCatalogApi';
import { rootRouteRef } from './routes';

const lakeCatalogApi = ApiBlueprint.make({
  params: (defineParams) => defineParams({ api: lakeCatalogApiRef, deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef }, factory: (deps) => new LakeCatalogClient(deps) }),
});

const lakeOverviewPage = PageBlueprint.make({
  params: {
    path: '/lake',
    title: 'Lake',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    noHeader: true,
    loader: () => import('./components/LakeOverviewPage/LakeOverviewPage').then((m) => <m.LakeOverviewPage />),
  },
});

const lakeTableEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'lake',
    title: 'Lake table',
    filter: isLakeTableEntity,
    loader: () => import('./components/LakeTableContent/LakeTableContent').then((m) => <m.LakeTableContent />),
  },
});

export default createFrontendPlugin({
  pluginId: 'lake-catalog',
  extensions: [lakeCatalogApi, lakeOverviewPage, lakeTableEntityContent],
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
});
