import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type BigIntStats } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectBody } from '../object-store.js';

/** A complete, fsynced object in the temp folder, ready to be renamed into place. */
export interface TempObject {
  readonly path: string;
  /** MD5 hex of the bytes, computed while writing them. */
  readonly etag: string;
  readonly size: number;
  readonly stats: BigIntStats;
}

/** Streams the body into a new file under tmpFolder, hashing it on the way; removes the file if anything fails. */
export async function writeTempObject(tmpFolder: string, body: ObjectBody): Promise<TempObject> {
  await mkdir(tmpFolder, { recursive: true });
  const path = join(tmpFolder, randomUUID());
  const md5 = createHash('md5');
  let size = 0;
  try {
    await pipeline(
      body instanceof Readable ? body : Readable.from([typeof body === 'string' ? Buffer.from(body, 'utf8') : body]),
      async function* measure(chunks: AsyncIterable<unknown>) {
        for await (const chunk of chunks) {
          const bytes = toBytes(chunk);
          md5.update(bytes);
          size += bytes.length;
          yield bytes;
        }
      },
      // flush: fsync before close. Otherwise a crash after the rename could leave a complete-looking object with
      // missing bytes.
      createWriteStream(path, { flags: 'wx', flush: true }),
    );
    return { path, etag: md5.digest('hex'), size, stats: await stat(path, { bigint: true }) };
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new TypeError(`A put() stream must yield Buffers, Uint8Arrays or strings, not ${typeof chunk}: use a byte stream.`);
}
