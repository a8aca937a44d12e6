export { lakeCatalogPlugin as default } from './plugin';
export { createLakeCatalogRouter, type LakeCatalogRouterOptions } from './router';
export { readLakeCatalogConfig, type LakeCatalogBackendConfig } from './lake-config';
export { createLakeTableConditionalDecision, lakeTableConditions, lakeTablePermissionRules, lakeTableResourceRef, type LakeTableQuery } from './permission-rules';
