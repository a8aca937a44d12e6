import { InvalidListOptionsError } from '../errors.js';

interface Position {
  readonly prefix: string;
  /** The last key of the previous page; the next page starts after it. */
  readonly after: string;
}

export function encodeContinuationToken(position: Position): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Returns the key to start after; a token from another store or prefix is an error, not a silent restart. */
export function decodeContinuationToken(token: string, prefix: string, storeUri: string): string {
  let position: Partial<Position> | undefined;
  try {
    position = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Position>;
  } catch {
    position = undefined;
  }
  if (typeof position?.prefix !== 'string' || typeof position.after !== 'string') {
    throw new InvalidListOptionsError(
      `Continuation token ${JSON.stringify(token)} was not issued by ${storeUri}: pass the previous page's token unchanged.`,
    );
  }
  if (position.prefix !== prefix) {
    throw new InvalidListOptionsError(
      `Continuation token ${JSON.stringify(token)} continues a listing of prefix ${JSON.stringify(position.prefix)} in ` +
        `${storeUri}, not of ${JSON.stringify(prefix)}: list the same prefix, or start without a token.`,
    );
  }
  return position.after;
}
