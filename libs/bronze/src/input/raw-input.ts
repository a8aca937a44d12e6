// The raw object as it arrives: counted and hashed as gzip bytes (the ledger's checksum), then
// decompressed — every gzip member in turn, so concatenated extracts read as one — in large chunks.
import { createHash } from 'node:crypto';
import { Transform, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CorruptRawObjectError, EmptyRawObjectError } from '../errors.js';

/** Decompressed bytes per chunk: big enough that per-chunk work (and carried-over records) stays negligible. */
const CHUNK_BYTES = 256 * 1024;

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
    const meter = new Transform({
      transform: (data: Buffer, _encoding, done) => {
        this.hash.update(data);
        this.bytesIn += data.length;
        done(null, data);
      },
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
