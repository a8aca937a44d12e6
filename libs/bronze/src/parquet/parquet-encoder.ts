// The main thread's side of the Parquet encoder: batches of rows go to a worker thread (which
// encodes while the next batch is parsed here), Parquet bytes come back and go to the output as
// each row group completes. At most MAX_IN_FLIGHT batches wait in the worker, and none is sent
// while the output is behind, so memory stays flat whatever the file size.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { ParquetEncodingError } from '../errors.js';
import { readParquetFooter } from './parquet-footer.js';
import type { ParquetSettings } from './parquet-settings.js';

/** Enough queued batches to keep the worker busy while parsing runs ahead a little. */
const MAX_IN_FLIGHT = 4;

/** The worker entry, next to this module in source, and next to the bundle file that holds this module once bundled. */
const WORKER_URL = new URL('./encode-worker.mjs', import.meta.url);

type WorkerMessage = { type: 'taken' } | { type: 'chunk'; bytes: Uint8Array } | { type: 'done' } | { type: 'error'; message: string };

export class ParquetEncoder {
  bytesOut = 0;
  private rowsSent = 0;
  private inFlight = 0;
  private ending = false;
  /** Output received after the last batch was sent: the last row group and the footer. */
  private tail: Buffer[] = [];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly worker: Worker;
  private readonly done: Promise<void>;

  constructor(
    private readonly output: Writable,
    settings: ParquetSettings,
    private readonly table: string,
  ) {
    this.worker = new Worker(WORKER_URL, { workerData: settings });
    this.done = new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        this.failure ??= error instanceof ParquetEncodingError ? error : new ParquetEncodingError(table, error.message);
        reject(this.failure);
        this.wake?.();
      };
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'taken') this.inFlight--;
        else if (message.type === 'chunk') this.receive(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
        else if (message.type === 'done') resolve();
        else fail(new Error(message.message));
        this.wake?.();
      });
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => fail(new Error(`the encoder thread exited (code ${code}) before the file was complete`)));
    });
    // Failures are reported by write() and finish(); this keeps an early one from going unhandled.
    this.done.catch(() => undefined);
  }

  /** Sends one batch (an Arrow IPC stream; its buffer is transferred) once the encoder has room. */
  async write(ipc: Uint8Array, rows: number): Promise<void> {
    while (!this.failure && (this.inFlight >= MAX_IN_FLIGHT || this.output.writableNeedDrain)) {
      if (this.output.writableNeedDrain) await Promise.race([once(this.output, 'drain'), this.done]);
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failure) throw this.failure;
    this.worker.postMessage({ type: 'batch', ipc }, [ipc.buffer as ArrayBuffer]);
    this.inFlight++;
    this.rowsSent += rows;
  }

  /** Completes the file and checks that its footer holds every row sent; returns the bytes written. */
  async finish(): Promise<number> {
    this.ending = true;
    this.worker.postMessage({ type: 'end' });
    await this.done;
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
    let rows: number;
    try {
      rows = readParquetFooter(Buffer.concat(this.tail)).rows;
    } catch (error) {
      throw new ParquetEncodingError(this.table, `the written file has no readable footer (${(error as Error).message})`);
    }
    if (rows !== this.rowsSent) throw new ParquetEncodingError(this.table, `the file holds ${rows} rows, but ${this.rowsSent} were encoded`);
    return this.bytesOut;
  }

  /** Stops the encoder after a failure elsewhere. */
  async abort(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private receive(bytes: Buffer): void {
    this.output.write(bytes);
    this.bytesOut += bytes.length;
    if (this.ending) this.tail.push(bytes);
  }
}
