import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { compareKeys } from '../keys.js';
import { isMissing } from './fs-errors.js';
import { INTERNAL_FOLDER } from './layout.js';

/**
 * Yields the keys of the files under root that start with prefix and come after startAfter, in S3's order
 * (UTF-8 bytes), reading only the folders that can hold such keys. Sorting a folder's entries with "/" appended to
 * subfolder names puts every key of a subfolder exactly where it belongs among its siblings.
 */
export function walkKeys(root: string, prefix: string, startAfter: string | undefined): AsyncGenerator<string> {
  return walkFolder(root, '', prefix, startAfter);
}

async function* walkFolder(folder: string, base: string, prefix: string, startAfter: string | undefined): AsyncGenerator<string> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  const candidates = entries
    .filter((entry) => !(base === '' && entry.name === INTERNAL_FOLDER))
    // Symlinks, sockets and the like are not objects.
    .filter((entry) => entry.isFile() || entry.isDirectory())
    .map((entry) => ({ name: entry.name, isFolder: entry.isDirectory(), path: base + entry.name + (entry.isDirectory() ? '/' : '') }))
    .sort((a, b) => compareKeys(a.path, b.path));

  for (const { name, isFolder, path } of candidates) {
    if (!isFolder) {
      if (path.startsWith(prefix) && (startAfter === undefined || compareKeys(path, startAfter) > 0)) yield path;
      continue;
    }
    const overlapsPrefix = path.startsWith(prefix) || prefix.startsWith(path);
    // Every key in the folder starts with its path: if that sorts before startAfter without leading to it, all do.
    const allBeforeStart = startAfter !== undefined && compareKeys(path, startAfter) < 0 && !startAfter.startsWith(path);
    if (overlapsPrefix && !allBeforeStart) yield* walkFolder(join(folder, name), path, prefix, startAfter);
  }
}
