// FileIO over the local filesystem, addressed with file:// URIs.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UnsupportedLocationError } from '../errors.js';
import type { FileInfo, FileIO } from './file-io.js';

/** A file:// URI for an absolute local path (the form written into Iceberg metadata). */
export function localLocation(path: string): string {
  return pathToFileURL(path).href;
}

/**
 * One spelling per local file, for comparing locations: Spark writes `file:/tmp/x`, Node's
 * pathToFileURL `file:///tmp/x` (percent-encoded). Other schemes are returned as they are.
 */
export function canonicalLocation(location: string): string {
  return location.startsWith('file:') ? pathToFileURL(fileURLToPath(location)).href : location;
}

function toPath(location: string): string {
  if (location.startsWith('file:')) return fileURLToPath(location);
  if (isAbsolute(location)) return location;
  throw new UnsupportedLocationError(location);
}

export class LocalFileIO implements FileIO {
  async read(location: string): Promise<Uint8Array> {
    return readFile(toPath(location));
  }

  async write(location: string, bytes: Uint8Array): Promise<void> {
    const path = toPath(location);
    await mkdir(dirname(path), { recursive: true });
    // Same directory, so the rename is atomic on one filesystem.
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async delete(location: string): Promise<void> {
    await rm(toPath(location), { force: true });
  }

  async list(prefix: string): Promise<FileInfo[]> {
    const root = toPath(prefix);
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(ignoreMissing([]));
    const files = await Promise.all(
      entries
        .filter((e) => e.isFile())
        .map(async (e): Promise<FileInfo | undefined> => {
          const path = join(e.parentPath, e.name);
          // A file renamed or deleted since the directory was read (e.g. a temp file of a write) is not listed.
          const info = await stat(path).catch(ignoreMissing(undefined));
          return info === undefined ? undefined : { location: localLocation(path), size: info.size, lastModified: info.mtime };
        }),
    );
    return files.filter((f): f is FileInfo => f !== undefined).sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
  }
}

function ignoreMissing<T>(fallback: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === 'ENOENT') return fallback;
    throw error;
  };
}
