export { lakeCatalogPlugin as default } from './plugin';
export { createLakeCatalogRouter, type LakeCatalogRouterOptions } from './router';
export { readLakeCatalogConfig, type LakeCatalogBackendConfig } from './lake-config';
