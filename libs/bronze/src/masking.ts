// PII masking, applied to every PII column before a value reaches a column buffer, on every path
// (CSV and NDJSON alike). Tokens are deterministic per key, so joins and distinct counts survive.
import { createHmac } from 'node:crypto';
import type { Masking } from '@datamaster/lake-manifest';

/** Turns the clear UTF-8 bytes of a value into the bytes that bronze stores. */
export type Masker = (clear: Uint8Array) => Uint8Array;

const REDACTED = Buffer.from('[redacted]');

export function masker(masking: Masking, key: Buffer): Masker {
  switch (masking) {
    case 'hmac-sha256':
      // Lowercase hex: the token is plain ASCII, the same in every engine that reads it.
      return (clear) => Buffer.from(createHmac('sha256', key).update(clear).digest('hex'), 'latin1');
    case 'redact':
      return () => REDACTED;
  }
}
