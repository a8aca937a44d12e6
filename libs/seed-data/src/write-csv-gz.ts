import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ByteSink } from './byte-sink.js';
import { csvRowEncoder, type CsvTable, type SeedRecord } from './csv.js';

/** Bytes of CSV handed to gzip at a time: enough to amortise stream overhead, small enough to stay cheap. */
const CHUNK_BYTES = 512 * 1024;
/** Rows between progress reports: a few reports a second at full speed. */
export const PROGRESS_EVERY_ROWS = 50_000;
/** Pinned so the bytes never depend on zlib's default; Node writes gzip headers with mtime 0. */
const GZIP_LEVEL = 6;

export interface CsvGzFile {
  readonly rows: number;
  /** Size of the compressed file. */
  readonly bytes: number;
  /** Hex SHA-256 of the compressed file. */
  readonly sha256: string;
}

/**
 * Streams the records as a gzip CSV with a header row to `path`. Rows are generated only as fast
 * as gzip and the disk take them (stream backpressure), so no table is ever held in memory whole.
 * The file appears atomically: it is written under a temporary name in the same directory and
 * renamed when complete; on failure the temporary file is removed and `path` is left untouched.
 * `onProgress` gets the rows generated so far every PROGRESS_EVERY_ROWS rows, and the total once
 * the file is in place.
 */
export async function writeCsvGz(
  path: string,
  table: CsvTable,
  records: Iterable<SeedRecord>,
  onProgress?: (rowsWritten: number) => void,
): Promise<CsvGzFile> {
  const encoder = csvRowEncoder(table);
  let rows = 0;
  function* chunks(): Generator<Buffer> {
    const out = new ByteSink(2 * CHUNK_BYTES);
    encoder.writeHeader(out);
    for (const record of records) {
      // Reported when the next row arrives, so the last report is always the one after the rename.
      if (rows > 0 && rows % PROGRESS_EVERY_ROWS === 0) onProgress?.(rows);
      encoder.encode(record, out);
      rows++;
      if (out.size >= CHUNK_BYTES) yield out.take();
    }
    yield out.take();
  }

  const hash = createHash('sha256');
  let bytes = 0;
  const measure = new Transform({
    transform(data: Buffer, _encoding, done) {
      hash.update(data);
      bytes += data.length;
      done(null, data);
    },
  });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await pipeline(Readable.from(chunks(), { highWaterMark: 2 }), createGzip({ level: GZIP_LEVEL }), measure, createWriteStream(temporary));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  onProgress?.(rows);
  return { rows, bytes, sha256: hash.digest('hex') };
}
