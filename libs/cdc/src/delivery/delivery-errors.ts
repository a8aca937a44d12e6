// What the error output holds, read back from the objects themselves: the records under errors/ and
// the reason stored with each, so a status report can say why changes failed without a log.
import { ERRORS_PREFIX } from '@datamaster/lake-contract';
import { objectLines } from './object-lines.js';
import type { ObjectSource } from './object-source.js';

/** An object under errors/ is not the gzip NDJSON the delivery stream writes. */
export class UnreadableErrorObjectError extends Error {
  override readonly name = 'UnreadableErrorObjectError';
  constructor(
    readonly key: string,
    cause: unknown,
  ) {
    super(`The error object ${key} cannot be read (${(cause as Error).message}): it is not gzip NDJSON as the delivery stream writes it; move it out of ${ERRORS_PREFIX} to see the others.`, { cause });
  }
}

/** One record of the error output. */
export interface StoredDeliveryError {
  readonly objectKey: string;
  /** When its object was written (ISO 8601). */
  readonly storedAt: string;
  /** The source table the record names (schema.table), when it names one. */
  readonly table?: string;
  /** Undefined for a line that is not a { reason, record } line. */
  readonly reason?: string;
}

/** Objects and records under one error kind's prefix, e.g. errors/processing-failed/. */
export interface DeliveryErrorOutput {
  readonly prefix: string;
  readonly objects: number;
  readonly records: number;
}

export interface DeliveryErrorSummary {
  readonly prefix: string;
  readonly objects: number;
  readonly records: number;
  /** Per error kind, as the key names it (errors/<kind>/…). */
  readonly outputs: readonly DeliveryErrorOutput[];
  /** Records per source table they name, most first; `table` is absent for records that name none (e.g. malformed JSON). */
  readonly tables: readonly { readonly table?: string; readonly records: number }[];
  /** The newest records, newest first. */
  readonly newest: readonly StoredDeliveryError[];
}

/**
 * Reads every error object under errors/, one line at a time, keeping counts and the `newest` most
 * recent records: memory stays bounded however many records failed.
 */
export async function readDeliveryErrors(source: ObjectSource, options: { readonly newest: number }): Promise<DeliveryErrorSummary> {
  const outputs = new Map<string, { objects: number; records: number }>();
  const tables = new Map<string | undefined, number>();
  let newest: (StoredDeliveryError & { readonly order: readonly [number, string, number] })[] = [];
  let objects = 0;
  let records = 0;
  for await (const object of source.listAll(ERRORS_PREFIX)) {
    const output = outputs.get(outputPrefix(object.key)) ?? { objects: 0, records: 0 };
    outputs.set(outputPrefix(object.key), output);
    output.objects++;
    objects++;
    let index = 0;
    for await (const line of objectLines(await source.get(object.key), object.key, (cause) => new UnreadableErrorObjectError(object.key, cause))) {
      output.records++;
      records++;
      const stored = { objectKey: object.key, storedAt: object.lastModified.toISOString(), ...parseErrorLine(line) };
      tables.set(stored.table, (tables.get(stored.table) ?? 0) + 1);
      newest.push({ ...stored, order: [object.lastModified.getTime(), object.key, index++] });
      if (newest.length > options.newest) newest = newest.sort(newestFirst).slice(0, options.newest);
    }
  }
  return {
    prefix: ERRORS_PREFIX,
    objects,
    records,
    outputs: [...outputs].map(([prefix, counts]) => ({ prefix, ...counts })),
    tables: [...tables].sort((a, b) => b[1] - a[1]).map(([table, count]) => (table === undefined ? { records: count } : { table, records: count })),
    newest: newest.sort(newestFirst).map(({ order: _order, ...stored }) => stored),
  };
}

/** errors/<kind>/ of a key under errors/. */
function outputPrefix(key: string): string {
  const kind = key.slice(ERRORS_PREFIX.length).split('/')[0];
  return `${ERRORS_PREFIX}${kind}/`;
}

/** The reason and table of a { reason, table, record } line, as the delivery stream writes it. */
function parseErrorLine(line: string): Pick<StoredDeliveryError, 'reason' | 'table'> {
  let value: { reason?: unknown; table?: unknown } | null;
  try {
    value = JSON.parse(line) as typeof value;
  } catch {
    return {};
  }
  return {
    reason: typeof value?.reason === 'string' ? value.reason : undefined,
    table: typeof value?.table === 'string' ? value.table : undefined,
  };
}

function newestFirst(a: { readonly order: readonly [number, string, number] }, b: { readonly order: readonly [number, string, number] }): number {
  const [aTime, aKey, aIndex] = a.order;
  const [bTime, bKey, bIndex] = b.order;
  return bTime - aTime || bKey.localeCompare(aKey, 'en', { numeric: true }) || bIndex - aIndex;
}
