export { lakeCatalogPlugin, LakeOverviewPage, EntityLakeTableContent } from './plugin';
export { lakeCatalogApiRef, LakeCatalogClient, type LakeCatalogApi, type LakeOverview } from './api/LakeCatalogApi';
export { isLakeTableEntity } from '@datamaster/plugin-lake-catalog-common';
