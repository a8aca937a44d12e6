// `datamaster ingest <file>`: puts a gzip extract into raw/, once, with its format declared.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ObjectStore } from '@datamaster/storage';
import { RAW_METADATA, batchObjectKey, type RawFormat } from '@datamaster/lake-contract';
import { UnknownRawFormatError, assertSourceTable, formatFromFileName } from './raw-objects.js';

export interface PutBatchExtractOptions {
  readonly store: ObjectStore;
  readonly file: string;
  readonly table: string;
  /** Declared format; defaults to what the file name says (.csv.gz, .ndjson.gz). */
  readonly format?: RawFormat;
  /** When the extract was taken; defaults to the file's modification time. */
  readonly extractedAt?: Date;
}

export interface PutBatchExtractResult {
  readonly key: string;
  readonly etag: string;
  readonly size: number;
  readonly format: RawFormat;
  /** False when the same content was already in raw/ (nothing was written). */
  readonly created: boolean;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function putBatchExtract(options: PutBatchExtractOptions): Promise<PutBatchExtractResult> {
  assertSourceTable(options.table);
  const format = options.format ?? formatFromFileName(options.file);
  if (!format) throw new UnknownRawFormatError(options.file);
  const stats = await stat(options.file);
  const key = batchObjectKey(options.table, await sha256Of(options.file), basename(options.file));
  const existing = await options.store.head(key);
  if (existing) return { key, etag: existing.etag, size: existing.size, format, created: false };
  const info = await options.store.put(key, createReadStream(options.file), {
    contentType: 'application/gzip',
    metadata: {
      [RAW_METADATA.format]: format,
      [RAW_METADATA.table]: options.table,
      [RAW_METADATA.source]: 'batch',
      [RAW_METADATA.extractedAt]: (options.extractedAt ?? stats.mtime).toISOString(),
    },
  });
  return { key, etag: info.etag, size: info.size, format, created: true };
}
