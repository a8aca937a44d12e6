export { LAKE_TABLE_RESOURCE_TYPE, lakeCatalogPermissions, lakeTableReadPermission } from './permissions';
export { LAKE_ANNOTATIONS, LAKE_DOMAIN_LABEL, LAKE_TABLE_TYPE, SOURCE_TABLE_TYPE, isLakeTableEntity, lakeTableEntityRef, lakeTableRefOf } from './entity-model';
export type * from './api';
