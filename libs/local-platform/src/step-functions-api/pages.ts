// Pagination as Step Functions does it: at most maxResults items (100 when 0 or absent, 1000 at most) and an opaque
// nextToken when more are left. The token names the first item left rather than a position, so a page asked for
// later starts at the same item even when newer executions were recorded or older ones pruned meanwhile.
import { StepFunctionsApiError, validationError } from './api-error.js';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  readonly maxResults?: unknown;
  readonly nextToken?: unknown;
}

export interface Cursor<T, C> {
  /** The cursor of an item, as its token carries it. */
  of(item: T): C;
  /** Whether the item is the cursor's item or comes after it in the list's order. */
  reached(item: T, cursor: C): boolean;
  /** Whether a decoded token holds a cursor of this list. */
  valid(value: unknown): value is C;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

function pageSize(maxResults: unknown): number {
  if (maxResults === undefined || maxResults === null || maxResults === 0) return DEFAULT_PAGE_SIZE;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 0 || maxResults > MAX_PAGE_SIZE) {
    throw validationError('maxResults', maxResults, `Member must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  }
  return maxResults;
}

function decode<C>(token: unknown, cursor: Cursor<unknown, C>): C | undefined {
  if (token === undefined || token === null) return undefined;
  let value: unknown;
  try {
    value = typeof token === 'string' ? JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) : undefined;
  } catch {
    value = undefined;
  }
  if (!cursor.valid(value)) throw new StepFunctionsApiError('InvalidToken', `Invalid Token: '${String(token)}'`);
  return value;
}

/** The page of `items` (already in the answer's order) that the request asks for. */
export function pageOf<T, C>(items: readonly T[], request: PageRequest, cursor: Cursor<T, C>): Page<T> {
  const size = pageSize(request.maxResults);
  const from = decode(request.nextToken, cursor as Cursor<unknown, C>);
  const start = from === undefined ? 0 : items.findIndex((item) => cursor.reached(item, from));
  if (start < 0) return { items: [] };
  const page = items.slice(start, start + size);
  const next = items[start + size];
  return next === undefined ? { items: page } : { items: page, nextToken: Buffer.from(JSON.stringify(cursor.of(next))).toString('base64url') };
}
