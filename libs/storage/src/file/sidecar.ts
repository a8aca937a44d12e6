import { randomUUID } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedPutOptions } from '../metadata.js';
import { isMissing } from './fs-errors.js';
import { renameIntoFolder } from './folders.js';
import type { FileLayout } from './layout.js';
import type { TempObject } from './temp-object.js';

/**
 * What a file cannot carry itself. A sidecar is named after the inode of the file it describes and records its size
 * and mtime, so it is only ever read for that very file: while put() renames a new version in, readers of the old
 * file keep the old sidecar, and a file replaced behind the store's back is recognised as undescribed.
 */
export interface Sidecar {
  readonly etag: string;
  readonly size: number;
  readonly mtimeNs: string;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Writes the sidecar of a temp object atomically, before the object is renamed into place; returns its path. */
export async function writeSidecar(layout: FileLayout, key: string, object: TempObject, options: ResolvedPutOptions): Promise<string> {
  const sidecar: Sidecar = {
    etag: object.etag,
    size: object.size,
    mtimeNs: String(object.stats.mtimeNs),
    contentType: options.contentType,
    metadata: options.metadata,
  };
  const temp = join(layout.tmpFolder, `${randomUUID()}.json`);
  const path = layout.sidecarPath(key, object.stats.ino);
  try {
    await writeFile(temp, JSON.stringify(sidecar), { flag: 'wx', flush: true });
    await renameIntoFolder(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return path;
}

/** The sidecar of exactly this file, or undefined when it has none (written by another tool, or replaced). */
export async function readSidecar(layout: FileLayout, key: string, stats: BigIntStats): Promise<Sidecar | undefined> {
  const path = layout.sidecarPath(key, stats.ino);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  let sidecar: Sidecar;
  try {
    sidecar = JSON.parse(text) as Sidecar;
  } catch (error) {
    // Sidecars are written whole and renamed in, so this is damage from outside the store.
    throw new Error(`The metadata sidecar ${path} of "${key}" is not JSON; delete it to describe the object from its bytes.`, {
      cause: error,
    });
  }
  return sidecar.size === Number(stats.size) && sidecar.mtimeNs === String(stats.mtimeNs) ? sidecar : undefined;
}

/**
 * Removes the sidecar of a file that a put() replaced or a delete() removed. Only that one: any other may belong to a
 * concurrent put() about to rename its file in. Sidecars orphaned by a crash are never read (no file has their inode
 * with their size and mtime), so they are only a few stray bytes.
 */
export async function removeSidecar(layout: FileLayout, key: string, inode: bigint): Promise<void> {
  await rm(layout.sidecarPath(key, inode), { force: true });
}
