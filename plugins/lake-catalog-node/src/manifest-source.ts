// Where the provider reads the lake manifest. In a portal: the repository, through Backstage's UrlReader,
// so a merge to main is what updates the catalog (the tree's ETag skips unchanged reads). Locally: the lake
// home's manifest folder on disk.
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { NotModifiedError } from '@backstage/errors';
import { manifestFromFiles, type LakeManifest, type ManifestFile } from '@datamaster/lake-manifest';
import { loadManifestDir } from '@datamaster/lake-manifest/node';

export interface ManifestRead {
  readonly manifest: LakeManifest;
  readonly etag?: string;
}

export interface ManifestSource {
  /** The entities' managed-by location, e.g. "url:https://…" or "file:/…". */
  readonly location: string;
  /** Where a browser can open the manifest's files, when it can. */
  readonly viewUrlBase?: string;
  /** The manifest, or "unchanged" when it has the ETag of the last read. Throws ManifestError when invalid. */
  read(etag?: string): Promise<ManifestRead | 'unchanged'>;
}

const MANIFEST_FOLDERS = ['tables/', 'transforms/'];

export class UrlManifestSource implements ManifestSource {
  readonly location: string;
  readonly viewUrlBase: string;

  constructor(private readonly reader: UrlReaderService, private readonly url: string) {
    this.location = `url:${url}`;
    this.viewUrlBase = url;
  }

  async read(etag?: string): Promise<ManifestRead | 'unchanged'> {
    try {
      const tree = await this.reader.readTree(this.url, {
        ...(etag === undefined ? {} : { etag }),
        filter: (path) => MANIFEST_FOLDERS.some((folder) => path.startsWith(folder)),
      });
      const files: ManifestFile[] = await Promise.all(
        (await tree.files()).map(async (file) => ({ path: file.path, text: (await file.content()).toString('utf8') })),
      );
      return { manifest: manifestFromFiles(files), etag: tree.etag };
    } catch (error) {
      if (error instanceof NotModifiedError) return 'unchanged';
      throw error;
    }
  }
}

export class FolderManifestSource implements ManifestSource {
  readonly location: string;

  constructor(private readonly root: string) {
    this.location = `file:${root}`;
  }

  async read(): Promise<ManifestRead> {
    return { manifest: loadManifestDir(this.root) };
  }
}
