// lakeCatalog.manifest: exactly one of url (read through the UrlReader) or path (a folder on disk).
import type { RootConfigService, UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { FolderManifestSource, UrlManifestSource, type ManifestSource } from './manifest-source';

export function lakeManifestSource(config: RootConfigService, urlReader: UrlReaderService): ManifestSource {
  const url = config.getOptionalString('lakeCatalog.manifest.url');
  const path = config.getOptionalString('lakeCatalog.manifest.path');
  if ((url === undefined) === (path === undefined))
    throw new InputError(
      `lakeCatalog.manifest needs exactly one of url (the manifest folder in a repository, e.g. https://github.com/acme/lake/tree/main/libs/lake-manifest) or path (a folder on disk); got ${url === undefined ? 'neither' : `url ${url} and path ${path}`}`,
    );
  return url !== undefined ? new UrlManifestSource(urlReader, url) : new FolderManifestSource(path as string);
}
