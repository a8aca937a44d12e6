export { FolderManifestSource, UrlManifestSource, type ManifestRead, type ManifestSource } from './manifest-source';
export { lakeManifestSource } from './manifest-config';
