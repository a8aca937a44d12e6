// A review extract of any size, streamed to disk: the rows of a small template extract (the seed generator's)
// written again and again, each copy with its review_id shifted past the previous copy's, so that bronze and the
// ledger see distinct rows. Only the template and one copy are ever in memory, whatever the target size.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export interface LargeExtract {
  readonly path: string;
  readonly rows: number;
  /** Uncompressed bytes, header included. */
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The sum of every review_id written: what bronze must sum to. */
  readonly reviewIdSum: bigint;
  readonly ms: number;
}

/** A template's data rows, each split into its review_id and the rest of its line (the comma onwards, newline included). */
interface TemplateRows {
  readonly header: Buffer;
  readonly body: Buffer;
  readonly ids: Float64Array;
  readonly restStarts: Uint32Array;
  readonly ends: Uint32Array;
  readonly maxId: number;
}

/** Thrown when the template is not a review CSV whose lines start with a positive integer review_id. */
export class InvalidTemplateExtractError extends Error {
  override readonly name = 'InvalidTemplateExtractError';
  constructor(readonly line: number, readonly text: string) {
    super(`template extract line ${line} does not start with a review_id: "${text.slice(0, 80)}"`);
  }
}

function splitTemplate(csv: Buffer): TemplateRows {
  const headerEnd = csv.indexOf(0x0a) + 1;
  if (headerEnd === 0 || !csv.subarray(0, headerEnd).toString().startsWith('review_id,')) throw new InvalidTemplateExtractError(1, csv.toString('utf8', 0, 80));
  const body = csv.subarray(headerEnd);
  let rows = 0;
  for (let at = body.indexOf(0x0a); at !== -1; at = body.indexOf(0x0a, at + 1)) rows += 1;
  const ids = new Float64Array(rows);
  const restStarts = new Uint32Array(rows);
  const ends = new Uint32Array(rows);
  let maxId = 0;
  for (let row = 0, start = 0; row < rows; row++) {
    const comma = body.indexOf(0x2c, start);
    const end = body.indexOf(0x0a, start) + 1;
    const id = Number(body.toString('latin1', start, comma));
    if (comma === -1 || comma > end || !Number.isSafeInteger(id) || id < 1) throw new InvalidTemplateExtractError(row + 2, body.toString('utf8', start, end));
    ids[row] = id;
    restStarts[row] = comma;
    ends[row] = end;
    maxId = Math.max(maxId, id);
    start = end;
  }
  return { header: csv.subarray(0, headerEnd), body, ids, restStarts, ends, maxId };
}

/**
 * Writes `<path>` (gzip at `level`) holding the template's header once and then its rows, copy after copy, until
 * `targetBytes` uncompressed bytes are written (the last line whole). Copy k's ids are the template's plus
 * k × the template's largest id.
 */
export async function writeLargeReviewExtract(options: { readonly template: Buffer; readonly targetBytes: number; readonly level: number; readonly path: string }): Promise<LargeExtract> {
  const started = performance.now();
  const template = splitTemplate(options.template);
  const gzip = createGzip({ level: options.level });
  const written = finished(gzip.pipe(createWriteStream(options.path)));
  gzip.write(template.header);
  let bytes = template.header.length;
  let rows = 0;
  let reviewIdSum = 0n;
  for (let offset = 0; bytes < options.targetBytes; offset += template.maxId) {
    // A fresh buffer per copy (gzip holds on to what it is given); its ids grow by at most 16 digits (2^53 has 16).
    const copy = Buffer.allocUnsafe(template.body.length + template.ids.length * 16);
    let used = 0;
    let idSum = 0;
    for (let row = 0; row < template.ids.length && bytes + used < options.targetBytes; row++) {
      const id = (template.ids[row] as number) + offset;
      used += copy.write(String(id), used, 'latin1');
      used += template.body.copy(copy, used, template.restStarts[row], template.ends[row]);
      idSum += id;
      rows += 1;
    }
    bytes += used;
    reviewIdSum += BigInt(idSum);
    if (!gzip.write(copy.subarray(0, used))) await once(gzip, 'drain');
  }
  gzip.end();
  await written;
  return { path: options.path, rows, bytes, gzipBytes: (await stat(options.path)).size, reviewIdSum, ms: performance.now() - started };
}
