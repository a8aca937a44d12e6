// The portal's dev app on Backstage's new frontend system: the catalog (entity pages, the graph that draws
// dependsOn) and the lake catalog (the lake overview at /lake, the "Lake table" tab of every lake table).
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import lakeCatalogPlugin from '@datamaster/plugin-lake-catalog/alpha';

export default createApp({
  features: [catalogPlugin, catalogGraphPlugin, lakeCatalogPlugin],
});
