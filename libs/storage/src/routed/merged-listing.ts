// One listing merged from several stores, in key order (UTF-8 bytes, as S3 lists), paged like any other: the
// continuation token records, per store, the page it was reading and how far into it the listing got.
import { InvalidListOptionsError } from '../errors.js';
import { compareKeys } from '../keys.js';
import type { ObjectStore, ObjectSummary, ObjectListPage } from '../object-store.js';

/** A store's part of a merged listing: what to list in it, and which of its keys the merge shows. */
export interface ListingSource {
  readonly store: ObjectStore;
  readonly prefix: string;
  readonly shows: (key: string) => boolean;
}

/** Where a source's listing stands: the token of the page being read (none for the first), objects taken from it. */
interface Cursor {
  readonly token?: string;
  readonly taken: number;
}

interface Position {
  readonly prefix: string;
  /** One per source, in order; null for a source listed to its end. */
  readonly cursors: readonly (Cursor | null)[];
}

/** Reads one source a page at a time, skipping the keys the merge does not show. */
class SourceReader {
  private constructor(
    private readonly source: ListingSource,
    private readonly pageSize: number,
    private token: string | undefined,
    private page: ObjectListPage,
    private taken: number,
  ) {}

  static async open(source: ListingSource, cursor: Cursor | null, pageSize: number): Promise<SourceReader> {
    if (cursor === null) return new SourceReader(source, pageSize, undefined, { objects: [] }, 0);
    const page = await source.store.list(source.prefix, { pageSize, continuationToken: cursor.token });
    return new SourceReader(source, pageSize, cursor.token, page, cursor.taken);
  }

  /** The next object shown, reading the next page when this one is done; undefined at the end. */
  async peek(): Promise<ObjectSummary | undefined> {
    for (;;) {
      while (this.taken < this.page.objects.length && !this.source.shows((this.page.objects[this.taken] as ObjectSummary).key)) this.taken += 1;
      const next = this.page.objects[this.taken];
      if (next !== undefined) return next;
      if (this.page.continuationToken === undefined) return undefined;
      this.token = this.page.continuationToken;
      this.page = await this.source.store.list(this.source.prefix, { pageSize: this.pageSize, continuationToken: this.token });
      this.taken = 0;
    }
  }

  take(): void {
    this.taken += 1;
  }

  /** Where a later page resumes; null once the source is listed to its end. */
  async cursor(): Promise<Cursor | null> {
    if ((await this.peek()) === undefined) return null;
    return this.token === undefined ? { taken: this.taken } : { token: this.token, taken: this.taken };
  }
}

/**
 * One page of the merge of `sources`, whose shown keys must not overlap. Each source is read `sourcePageSize`
 * objects at a time whatever the page size asked for, so a token stays valid when the caller changes it.
 */
export async function mergedListPage(
  sources: readonly ListingSource[],
  request: { readonly prefix: string; readonly pageSize: number; readonly sourcePageSize: number; readonly continuationToken?: string; readonly storeUri: string },
): Promise<ObjectListPage> {
  const cursors = request.continuationToken === undefined ? sources.map(() => ({ taken: 0 })) : decodeCursors(request.continuationToken, request.prefix, sources.length, request.storeUri);
  const readers = await Promise.all(sources.map((source, index) => SourceReader.open(source, cursors[index] ?? null, request.sourcePageSize)));
  const objects: ObjectSummary[] = [];
  while (objects.length < request.pageSize) {
    let first: { reader: SourceReader; object: ObjectSummary } | undefined;
    for (const reader of readers) {
      const object = await reader.peek();
      if (object !== undefined && (first === undefined || compareKeys(object.key, first.object.key) < 0)) first = { reader, object };
    }
    if (first === undefined) return { objects };
    first.reader.take();
    objects.push(first.object);
  }
  const next = await Promise.all(readers.map((reader) => reader.cursor()));
  if (next.every((cursor) => cursor === null)) return { objects };
  const position: Position = { prefix: request.prefix, cursors: next };
  return { objects, continuationToken: Buffer.from(JSON.stringify(position), 'utf8').toString('base64url') };
}

function decodeCursors(token: string, prefix: string, sources: number, storeUri: string): (Cursor | null)[] {
  let position: Partial<Position> | undefined;
  try {
    position = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Position>;
  } catch {
    position = undefined;
  }
  const cursorShape = (cursor: unknown): boolean =>
    cursor === null || (typeof cursor === 'object' && Number.isInteger((cursor as Cursor).taken) && ['string', 'undefined'].includes(typeof (cursor as Cursor).token));
  if (typeof position?.prefix !== 'string' || !Array.isArray(position.cursors) || position.cursors.length !== sources || !position.cursors.every(cursorShape)) {
    throw new InvalidListOptionsError(`Continuation token ${JSON.stringify(token)} was not issued by ${storeUri}: pass the previous page's token unchanged.`);
  }
  if (position.prefix !== prefix) {
    throw new InvalidListOptionsError(
      `Continuation token ${JSON.stringify(token)} continues a listing of prefix ${JSON.stringify(position.prefix)} in ${storeUri}, not of ${JSON.stringify(prefix)}: list the same prefix, or start without a token.`,
    );
  }
  return [...position.cursors];
}
