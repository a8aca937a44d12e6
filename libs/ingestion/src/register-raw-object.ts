// Registering a raw object: it becomes one ledger record (idempotently), with its
// declared format and an estimate of its size that decides where it is processed.
import { createGunzip } from 'node:zlib';
import type { ControlLedger } from '@datamaster/control-ledger';
import type { LedgerRecord } from '@datamaster/lake-contract';
import type { ObjectStore } from '@datamaster/storage';
import { sniffFormat } from '@datamaster/bronze';
import { estimateRecords } from './estimate-records.js';
import { RAW_FORMATS, RAW_METADATA, tableOfRawKey, type RawFormat } from '@datamaster/lake-contract';
import { formatFromFileName } from './raw-objects.js';

export interface RegisterRawObjectResult {
  readonly record: LedgerRecord;
  /** False when this object version was already registered (a re-delivered event). */
  readonly created: boolean;
}

/** Thrown for keys outside raw/<table>/: they are not ingestion work. */
export class NotARawObjectError extends Error {
  override readonly name = 'NotARawObjectError';
  constructor(readonly key: string) {
    super(`"${key}" is not a raw object (expected raw/<table>/<name>); nothing was registered.`);
  }
}

const SNIFF_BYTES = 64 * 1024;

async function firstDecompressedBytes(store: ObjectStore, key: string): Promise<Buffer> {
  const gunzip = createGunzip();
  (await store.get(key)).pipe(gunzip);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= SNIFF_BYTES) break;
    }
  } catch {
    // A corrupt object: the worker reports it; here it only means the content cannot tell.
  }
  gunzip.destroy();
  return Buffer.concat(chunks);
}

/** The declared format: object metadata, else the configured file extension, else what the content shows. */
async function declaredFormat(store: ObjectStore, key: string, table: string, metadata: Readonly<Record<string, string>>): Promise<{ format: RawFormat; declaredBy: string }> {
  const fromMetadata = metadata[RAW_METADATA.format];
  if (fromMetadata && (RAW_FORMATS as readonly string[]).includes(fromMetadata)) return { format: fromMetadata as RawFormat, declaredBy: 'metadata' };
  const fromName = formatFromFileName(key);
  if (fromName) return { format: fromName, declaredBy: 'file-extension' };
  try {
    return { format: sniffFormat(await firstDecompressedBytes(store, key), table), declaredBy: 'content' };
  } catch {
    // Registered anyway so the object is tracked; the worker fails it with the sniffing error.
    return { format: 'csv', declaredBy: 'undeclared' };
  }
}

export async function registerRawObject(store: ObjectStore, ledger: ControlLedger, key: string): Promise<RegisterRawObjectResult> {
  const table = tableOfRawKey(key);
  if (!table) throw new NotARawObjectError(key);
  const info = await store.head(key);
  if (!info) throw new NotARawObjectError(key);
  const existing = await ledger.findByObject('bronze', key, info.etag);
  if (existing) return { record: existing, created: false };
  const { format, declaredBy } = await declaredFormat(store, key, table, info.metadata);
  const estimate = await estimateRecords(await store.get(key), { objectSize: info.size, hasHeader: format === 'csv' }).catch(() => ({ records: 0, exact: false }));
  return ledger.register({
    layer: 'bronze',
    table,
    objectKey: key,
    etag: info.etag,
    objectSize: info.size,
    format,
    source: info.metadata[RAW_METADATA.source] ?? 'unknown',
    estimatedRecords: estimate.records,
    attributes: { formatDeclaredBy: declaredBy, ...(info.metadata[RAW_METADATA.extractedAt] ? { extractedAt: info.metadata[RAW_METADATA.extractedAt] } : {}) },
  });
}
