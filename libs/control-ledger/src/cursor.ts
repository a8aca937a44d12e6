import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { LedgerInputError } from './errors.js';

// Every key attribute of the ledger and its indexes is a string.
const cursorSchema = z.strictObject({ query: z.string(), key: z.record(z.string(), z.strictObject({ S: z.string() })) });

/** An opaque cursor: the page's LastEvaluatedKey, tied to the listing it came from. */
export function encodeCursor(query: string, key: Record<string, AttributeValue>): string {
  return Buffer.from(JSON.stringify({ query, key }), 'utf8').toString('base64url');
}

/** The ExclusiveStartKey to continue from; a cursor of another listing is an error, not a silent restart. */
export function decodeCursor(cursor: string, query: string): Record<string, AttributeValue> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) {
    throw new LedgerInputError('cursor', [`${JSON.stringify(cursor)} is not a cursor of the control ledger: pass the previous page's cursor unchanged`]);
  }
  if (parsed.data.query !== query) {
    throw new LedgerInputError('cursor', [
      `${JSON.stringify(cursor)} continues another listing (${parsed.data.query}), not ${query}: list with the same options, or start without a cursor`,
    ]);
  }
  return parsed.data.key;
}
