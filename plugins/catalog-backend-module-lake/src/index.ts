export { catalogModuleLake as default } from './module';
export { LakeEntityProvider, type LakeEntityProviderOptions } from './lake-entity-provider';
export { lakeEntities, ownerGroups, type LakeEntityOptions } from './lake-entities';
