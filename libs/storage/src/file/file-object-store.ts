import { EventEmitter } from 'node:events';
import { createHash } from 'node:crypto';
import { lstat, open, rm, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { BaseObjectStore } from '../base-object-store.js';
import { adoptBody } from '../body.js';
import { InvalidObjectKeyError, InvalidObjectStoreUriError, ObjectKeyConflictError, ObjectNotFoundError } from '../errors.js';
import { validateListPrefix, validateObjectKey } from '../keys.js';
import { DEFAULT_CONTENT_TYPE, resolvePutOptions } from '../metadata.js';
import type {
  ListObjectsOptions,
  ObjectBody,
  ObjectCreatedEvent,
  ObjectCreatedListener,
  ObjectInfo,
  ObjectListPage,
  ObjectSummary,
  PutObjectOptions,
} from '../object-store.js';
import { decodeContinuationToken, encodeContinuationToken } from './continuation-token.js';
import { pruneEmptyFolders, renameIntoFolder } from './folders.js';
import { errorCode, isMissing } from './fs-errors.js';
import { FileLayout, INTERNAL_FOLDER } from './layout.js';
import { readSidecar, removeSidecar, writeSidecar } from './sidecar.js';
import { writeTempObject } from './temp-object.js';
import { walkKeys } from './walk.js';

/**
 * Objects as files under a root folder (the local lake). Writes go to a temp file that is fsynced and then renamed
 * into place, so readers and crashes never expose a partial object; etag, content type and metadata live in sidecars.
 */
export class FileObjectStore extends BaseObjectStore {
  readonly uri: string;
  private readonly layout: FileLayout;
  private readonly created = new EventEmitter<{ created: [ObjectCreatedEvent] }>();

  constructor(rootFolder: string) {
    super();
    if (!isAbsolute(rootFolder)) throw new InvalidObjectStoreUriError(rootFolder, 'a file store needs an absolute folder');
    this.layout = new FileLayout(resolve(rootFolder));
    this.uri = pathToFileURL(this.layout.root).href;
  }

  async put(key: string, body: ObjectBody, options?: PutObjectOptions): Promise<ObjectInfo> {
    this.validateKey(key);
    const resolved = resolvePutOptions(key, options);
    adoptBody(body);
    const temp = await writeTempObject(this.layout.tmpFolder, body);
    let sidecarPath: string | undefined;
    let replaced: bigint | undefined;
    try {
      // Named after the new file's inode, the sidecar is ignored by readers until the rename below.
      sidecarPath = await writeSidecar(this.layout, key, temp, resolved);
      replaced = await this.fileInode(key);
      await renameIntoFolder(temp.path, this.layout.objectPath(key));
    } catch (error) {
      await rm(temp.path, { force: true });
      if (sidecarPath !== undefined) await rm(sidecarPath, { force: true });
      if (['EISDIR', 'ENOTDIR', 'EEXIST', 'ENOTEMPTY'].includes(errorCode(error) ?? '')) throw new ObjectKeyConflictError(key, this.uri);
      throw error;
    }
    if (replaced !== undefined) await removeSidecar(this.layout, key, replaced);
    const info: ObjectInfo = { key, size: temp.size, etag: temp.etag, lastModified: temp.stats.mtime, ...resolved };
    this.created.emit('created', { key, size: info.size, etag: info.etag, eventTime: info.lastModified, source: 'file' });
    return info;
  }

  async get(key: string): Promise<Readable> {
    this.validateKey(key);
    const handle = await this.openObject(key);
    if (handle === undefined) throw new ObjectNotFoundError(key, this.uri);
    // Reading from the open file: an overwrite renamed in meanwhile does not change what this reader sees.
    return handle.createReadStream();
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    this.validateKey(key);
    return this.describe(key);
  }

  async list(prefix: string, options: ListObjectsOptions = {}): Promise<ObjectListPage> {
    validateListPrefix(prefix);
    const pageSize = this.pageSize(options);
    const { continuationToken } = options;
    const startAfter = continuationToken === undefined ? undefined : decodeContinuationToken(continuationToken, prefix, this.uri);
    const objects: ObjectSummary[] = [];
    let lastKey = '';
    for await (const key of walkKeys(this.layout.root, prefix, startAfter)) {
      if (objects.length === pageSize) return { objects, continuationToken: encodeContinuationToken({ prefix, after: lastKey }) };
      // Deleted since the folder was read: not part of the listing.
      const info = await this.describe(key);
      if (info === undefined) continue;
      objects.push({ key, size: info.size, etag: info.etag, lastModified: info.lastModified });
      lastKey = key;
    }
    return { objects };
  }

  async delete(key: string): Promise<void> {
    this.validateKey(key);
    const path = this.layout.objectPath(key);
    const inode = await this.fileInode(key);
    if (inode === undefined) return;
    try {
      await unlink(path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    await removeSidecar(this.layout, key, inode);
    // Emptied folders would block a later put of an object with the folder's name.
    await pruneEmptyFolders(dirname(path), this.layout.root);
    await pruneEmptyFolders(this.layout.sidecarFolder(key), this.layout.metaRoot);
  }

  onObjectCreated(listener: ObjectCreatedListener): () => void {
    this.created.on('created', listener);
    return () => this.created.off('created', listener);
  }

  async close(): Promise<void> {
    this.created.removeAllListeners();
  }

  private validateKey(key: string): void {
    validateObjectKey(key);
    if (key.split('/')[0] === INTERNAL_FOLDER) {
      throw new InvalidObjectKeyError(key, `"${INTERNAL_FOLDER}/" is reserved for the file store's temp files and sidecars`);
    }
  }

  /** The inode of the object's file, or undefined when there is none (a folder such as "raw" is not an object). */
  private async fileInode(key: string): Promise<bigint | undefined> {
    try {
      const stats = await lstat(this.layout.objectPath(key), { bigint: true });
      return stats.isFile() ? stats.ino : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** Opens the object's file, or returns undefined when there is none. */
  private async openObject(key: string): Promise<FileHandle | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(this.layout.objectPath(key), 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    try {
      if ((await handle.stat()).isFile()) return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
    await handle.close();
    return undefined;
  }

  /** Describes the file as it is now, from one open handle so that stat, sidecar and bytes agree. */
  private async describe(key: string): Promise<ObjectInfo | undefined> {
    const handle = await this.openObject(key);
    if (handle === undefined) return undefined;
    try {
      const stats = await handle.stat({ bigint: true });
      const base = { key, size: Number(stats.size), lastModified: stats.mtime };
      const sidecar = await readSidecar(this.layout, key, stats);
      if (sidecar !== undefined) return { ...base, etag: sidecar.etag, contentType: sidecar.contentType, metadata: sidecar.metadata };
      // Put there by another tool: the bytes are all there is to go by.
      return { ...base, etag: await md5Hex(handle), contentType: DEFAULT_CONTENT_TYPE, metadata: {} };
    } finally {
      await handle.close();
    }
  }
}

async function md5Hex(handle: FileHandle): Promise<string> {
  const md5 = createHash('md5');
  for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) md5.update(chunk as Buffer);
  return md5.digest('hex');
}
