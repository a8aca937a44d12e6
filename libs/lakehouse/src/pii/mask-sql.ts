// Bronze's masking (libs/bronze/src/masking.ts) as a DuckDB expression, for data written before a column was
// declared PII: HMAC-SHA-256 built from DuckDB's sha256 (RFC 2104: the key padded to the block, inner and outer
// pads), giving the same lowercase-hex token bronze gives the same value under the same key.
import type { Masking } from '@datamaster/lake-manifest';
import { quoteIdentifier, sqlString } from '../engine/sql.js';

const SHA256_BLOCK_BYTES = 64;
/** What bronze writes for a redacted value. */
export const REDACTED = '[redacted]';

function pads(key: Buffer): { inner: string; outer: string } {
  if (key.length > SHA256_BLOCK_BYTES) throw new Error(`a masking key of ${key.length} bytes is longer than SHA-256's block (${SHA256_BLOCK_BYTES}); the lake's keys are 32 bytes`);
  const block = Buffer.alloc(SHA256_BLOCK_BYTES);
  key.copy(block);
  const xor = (pad: number) => Buffer.from(block.map((byte) => byte ^ pad)).toString('hex');
  return { inner: xor(0x36), outer: xor(0x5c) };
}

/**
 * True for a value that holds no clear text any more: null, a token (64 lowercase hex digits) or a redacted value.
 * Masking is not applied twice, so a rewrite over files written after the change, or run again, changes nothing.
 */
export function maskedSql(column: string): string {
  const c = quoteIdentifier(column);
  return `(${c} IS NULL OR ${c} = ${sqlString(REDACTED)} OR regexp_full_match(${c}, '[0-9a-f]{64}'))`;
}

/** The column's value as bronze would store it under `masking`, left as it is when already masked. */
export function maskValueSql(column: string, masking: Masking, key: Buffer): string {
  const c = quoteIdentifier(column);
  const masked = masking === 'redact' ? sqlString(REDACTED) : (({ inner, outer }) => `sha256(unhex('${outer}') || unhex(sha256(unhex('${inner}') || encode(${c}))))`)(pads(key));
  return `CASE WHEN ${maskedSql(column)} THEN ${c} ELSE ${masked} END`;
}
