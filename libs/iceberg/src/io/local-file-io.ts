// FileIO over the local filesystem, addressed with file:// URIs.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UnsupportedLocationError } from '../errors.js';
import type { FileIO } from './file-io.js';

/** A file:// URI for an absolute local path (the form written into Iceberg metadata). */
export function localLocation(path: string): string {
  return pathToFileURL(path).href;
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

  async list(prefix: string): Promise<string[]> {
    const root = toPath(prefix);
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    return entries
      .filter((e) => e.isFile())
      .map((e) => localLocation(join(e.parentPath, e.name)))
      .sort();
  }
}
