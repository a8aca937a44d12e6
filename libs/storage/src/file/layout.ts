import { join } from 'node:path';

/** The store's own folder at the root: listing skips it, and keys may not start with it. */
export const INTERNAL_FOLDER = '.objectstore';

/**
 * Where a file store keeps things:
 *   <root>/<key>                                  the object's bytes, readable by any tool (DuckDB, Spark…)
 *   <root>/.objectstore/tmp/<uuid>                writes in progress, renamed into place when complete
 *   <root>/.objectstore/meta/<key>.<inode>.json   etag, content type and metadata of the file with that inode
 */
export class FileLayout {
  readonly tmpFolder: string;
  readonly metaRoot: string;

  constructor(readonly root: string) {
    this.tmpFolder = join(root, INTERNAL_FOLDER, 'tmp');
    this.metaRoot = join(root, INTERNAL_FOLDER, 'meta');
  }

  objectPath(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  sidecarFolder(key: string): string {
    return join(this.metaRoot, ...key.split('/').slice(0, -1));
  }

  /** The key's last segment: sidecar names start with it. */
  objectName(key: string): string {
    return key.slice(key.lastIndexOf('/') + 1);
  }

  sidecarPath(key: string, inode: bigint): string {
    return join(this.sidecarFolder(key), `${this.objectName(key)}.${inode}.json`);
  }
}
