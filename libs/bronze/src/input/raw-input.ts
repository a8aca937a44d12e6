// The raw object as it arrives: counted and hashed as gzip bytes (the ledger's checksum), then
// decompressed — every gzip member in turn, so concatenated extracts read as one — in large chunks.
import { createHash } from 'node:crypto';
import { Transform, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CorruptRawObjectError, EmptyRawObjectError } from '../errors.js';

/** Decompressed bytes per chunk: big enough that per-chunk work (and carried-over records) stays negligible. */
const CHUNK_BYTES = 256 * 1024;
const INPUT_BYTES = 1024 * 1024;

export class RawInput {
  bytesIn = 0;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly input: Readable,
    private readonly rawObjectKey: string,
  ) {}

  /** sha256 hex of the gzip bytes; complete once the chunks are consumed. */
  get checksum(): string {
    return this.hash.copy().digest('hex');
  }

  /** The decompressed bytes; throws EmptyRawObjectError or CorruptRawObjectError for a broken object. */
  async *chunks(): AsyncGenerator<Buffer> {
    // Gzip bytes go to zlib in pieces of at least INPUT_BYTES: each write costs the main thread
    // a round trip to zlib's thread pool, and sources often deliver 16–64 KiB at a time.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const meter = new Transform({
      transform: (data: Buffer, _encoding, done) => {
        this.hash.update(data);
        this.bytesIn += data.length;
        pending.push(data);
        pendingBytes += data.length;
        if (pendingBytes < INPUT_BYTES) return done();
        const piece = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        done(null, piece);
      },
      flush: (done) => done(null, pendingBytes > 0 ? Buffer.concat(pending, pendingBytes) : undefined),
    });
    const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
    // The callback form destroys every stage on error; the error then surfaces from the iteration.
    const decompressed = pipeline(this.input, meter, gunzip, () => undefined);
    try {
      for await (const chunk of decompressed) yield chunk as Buffer;
    } catch (error) {
      if (this.bytesIn === 0) throw new EmptyRawObjectError(this.rawObjectKey);
      if (isZlibError(error)) throw new CorruptRawObjectError(this.rawObjectKey, error.message);
      throw error;
    } finally {
      decompressed.destroy();
    }
    if (this.bytesIn === 0) throw new EmptyRawObjectError(this.rawObjectKey);
  }
}

function isZlibError(error: unknown): error is Error {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return code?.startsWith('Z_') === true;
}
