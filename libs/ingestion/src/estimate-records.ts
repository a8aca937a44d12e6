// Estimates how many records a gzip'd raw object holds without reading it whole: the routing
// decision (Lambda or ECS) must stay cheap for a 10 GB object. Small objects are counted exactly.
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Compressed bytes read at most; below this size the count is exact. */
export const ESTIMATE_SAMPLE_BYTES = 1 << 20;

export interface RecordEstimate {
  readonly records: number;
  /** True when the whole object was read, so `records` is a count, not an estimate. */
  readonly exact: boolean;
}

/**
 * Counts newline-terminated records in the first `sampleBytes` of the object and scales by the
 * object's compressed size. CSV headers are not records. Quoted newlines inflate the figure a
 * little, which only matters near the routing threshold, where either target is fine.
 */
export async function estimateRecords(
  body: Readable,
  options: { objectSize: number; hasHeader: boolean; sampleBytes?: number },
): Promise<RecordEstimate> {
  const limit = options.sampleBytes ?? ESTIMATE_SAMPLE_BYTES;
  const gunzip = createGunzip();
  let compressedRead = 0;
  let lines = 0;
  let lastByte = 0x0a;
  let decompressed = 0;
  const done = new Promise<void>((resolve, reject) => {
    gunzip.on('data', (chunk: Buffer) => {
      decompressed += chunk.length;
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines += 1;
      lastByte = chunk[chunk.length - 1] ?? lastByte;
    });
    gunzip.on('end', resolve);
    gunzip.on('error', reject);
  });
  // zlib reports corrupt input as an 'error' event and may never call a pending write's callback.
  const failed = new Promise<never>((_, reject) => gunzip.once('error', reject));
  done.catch(() => undefined);
  failed.catch(() => undefined);
  let truncated = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const room = limit - compressedRead;
    const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
    compressedRead += piece.length;
    // Wait until zlib has inflated the piece, so the line count covers everything read so far.
    await Promise.race([new Promise<void>((resolve) => gunzip.write(piece, () => resolve())), failed]);
    if (compressedRead >= limit && compressedRead < options.objectSize) {
      truncated = true;
      break;
    }
  }
  body.destroy();
  if (truncated) {
    // The gzip stream is cut mid-member: take what was inflated and ignore the unexpected end.
    await new Promise<void>((resolve) => gunzip.flush(() => resolve()));
    gunzip.removeAllListeners('error');
    gunzip.on('error', () => undefined);
    gunzip.destroy();
    const perCompressedByte = lines / Math.max(compressedRead, 1);
    const records = Math.round(perCompressedByte * options.objectSize) - (options.hasHeader ? 1 : 0);
    return { records: Math.max(records, 0), exact: false };
  }
  gunzip.end();
  await done;
  const complete = lines + (decompressed > 0 && lastByte !== 0x0a ? 1 : 0);
  return { records: Math.max(complete - (options.hasHeader && complete > 0 ? 1 : 0), 0), exact: true };
}
