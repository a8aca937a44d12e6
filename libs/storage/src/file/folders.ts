import { mkdir, rename, rmdir } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { errorCode } from './fs-errors.js';

/**
 * Renames a file into place, creating its folder. A concurrent delete() may remove that folder between the mkdir
 * and the rename (it prunes folders it empties), so a vanished folder is created again.
 */
export async function renameIntoFolder(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await mkdir(dirname(to), { recursive: true });
    try {
      await rename(from, to);
      return;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || attempt === 3) throw error;
    }
  }
}

/** Removes folder and then its parents while they are empty, stopping at (and keeping) stopAt. */
export async function pruneEmptyFolders(folder: string, stopAt: string): Promise<void> {
  for (let current = folder; current.startsWith(stopAt + sep); current = dirname(current)) {
    try {
      await rmdir(current);
    } catch (error) {
      if (['ENOTEMPTY', 'EEXIST', 'ENOENT'].includes(errorCode(error) ?? '')) return;
      throw error;
    }
  }
}
