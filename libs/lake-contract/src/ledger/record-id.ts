import { createHash } from 'node:crypto';
import type { CatalogLayer } from '@datamaster/lake-manifest';

/**
 * S3 quotes ETags in HeadObject and ListObjects answers but not in event notifications; both spellings name the
 * same object version, so they must give the same record.
 */
export function normalizeEtag(etag: string): string {
  return /^"(.*)"$/.exec(etag)?.[1] ?? etag;
}

/**
 * The record id of one object version's work in one layer, e.g. "bronze-3f…" (128 bits of SHA-256). Being a
 * function of the object version, a re-delivered event or a repeated registration finds the same record.
 */
export function ledgerRecordId(layer: CatalogLayer, objectKey: string, etag: string): string {
  const digest = createHash('sha256').update(JSON.stringify([layer, objectKey, normalizeEtag(etag)])).digest('hex');
  return `${layer}-${digest.slice(0, 32)}`;
}
