// A delivery stream with Firehose semantics for a laptop: the same router, buffers per table that
// flush on size or age, gzip NDJSON objects under raw/<table>/, and rejected records under the
// processing-failed error prefix instead of being dropped.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { failureLine, routeChange, type FailedChange } from '../router/route-change.js';
import { systemClock, type DeliveryClock } from './delivery-clock.js';
import {
  DeliveryStreamClosedError,
  FAILURES_LISTED,
  validateDeliveryOptions,
  type DeliveryFailure,
  type DeliveryFlush,
  type DeliveryStats,
  type LocalDeliveryStreamOptions,
} from './delivery-options.js';
import { PROCESSING_FAILED_PREFIX } from '@datamaster/lake-contract';
import { failedObjectKey, rawObjectKey, streamTag } from './object-keys.js';
import { memorySequenceStore, type SequenceStore } from './sequence-store.js';

const gzipAsync = promisify(gzip);

/** A listed failure whose error object is not written yet. */
type UnwrittenFailure = Omit<DeliveryFailure, 'objectKey'>;

interface PartitionBuffer {
  lines: string[];
  bytes: number;
  /** Of the failures buffered here, those that stats will list. */
  failures: UnwrittenFailure[];
  readonly openedAt: number;
  readonly firstSeq: number;
  timer: unknown;
}

interface PendingObject extends PartitionBuffer {
  readonly partition: string;
  readonly key: string;
}

/** Failed records share one buffer; the key cannot clash with a table name. */
const FAILED = PROCESSING_FAILED_PREFIX;

export class LocalDeliveryStream {
  private readonly buffers = new Map<string, PartitionBuffer>();
  private readonly totals = { recordsIn: 0, routed: 0, failed: 0, objectsWritten: 0 };
  private readonly failures: DeliveryFailure[] = [];
  /** Failures picked for listing so far, written or still buffered. */
  private failuresPicked = 0;
  private readonly tag: string;
  private readonly clock: DeliveryClock;
  private readonly bufferBytes: number;
  private readonly bufferIntervalMs: number;
  private writing: Promise<unknown> = Promise.resolve();
  private backgroundFailure: unknown;
  private closed = false;

  /** Opens the stream, reading where its record counter stands. */
  static async open(options: LocalDeliveryStreamOptions): Promise<LocalDeliveryStream> {
    validateDeliveryOptions(options);
    const sequence = options.sequence ?? memorySequenceStore();
    return new LocalDeliveryStream(options, sequence, await sequence.load());
  }

  private constructor(
    private readonly options: LocalDeliveryStreamOptions,
    private readonly sequence: SequenceStore,
    private next: number,
  ) {
    this.tag = streamTag(options.streamId ?? 'local');
    this.clock = options.clock ?? systemClock;
    this.bufferBytes = options.bufferBytes ?? 1024 * 1024;
    this.bufferIntervalMs = options.bufferIntervalMs ?? 10_000;
  }

  get stats(): DeliveryStats {
    return { ...this.totals, failures: [...this.failures] };
  }

  /**
   * Routes and buffers the records in order; resolves, once writes in progress are done, with the
   * keys of the objects that filled up. If an interval flush failed, rejects without taking the records.
   */
  async put(records: readonly unknown[]): Promise<string[]> {
    this.assertOpen();
    await this.writing;
    this.assertOpen();
    if (this.backgroundFailure !== undefined) {
      const failure = this.backgroundFailure;
      this.backgroundFailure = undefined;
      throw failure;
    }
    const full: PendingObject[] = [];
    for (const record of records) {
      const seq = this.next++;
      const outcome = routeChange(record, { fallbackSeq: BigInt(seq), manifest: this.options.manifest });
      this.totals.recordsIn++;
      this.totals[outcome.result === 'Ok' ? 'routed' : 'failed']++;
      const partition = outcome.result === 'Ok' ? outcome.tableName : FAILED;
      const buffer = this.append(partition, outcome.result === 'Ok' ? outcome.line : failureLine(outcome), seq);
      if (outcome.result === 'ProcessingFailed' && this.failuresPicked < FAILURES_LISTED) {
        this.failuresPicked++;
        buffer.failures.push(unwritten(outcome));
      }
      if (buffer.bytes >= this.bufferBytes) full.push(this.detach(partition, buffer));
    }
    return this.write(full, 'size');
  }

  /** Writes everything buffered, including records of a failed earlier write; resolves with the keys written. */
  async flush(): Promise<string[]> {
    this.assertOpen();
    return this.flushAll();
  }

  /** Flushes and stops the timers; from now on the stream takes no records. If the flush fails, it stays open. */
  async close(): Promise<string[]> {
    if (this.closed) return [];
    this.closed = true;
    try {
      return await this.flushAll();
    } catch (error) {
      this.closed = false;
      throw error;
    }
  }

  private async flushAll(): Promise<string[]> {
    // A write in progress that fails puts its records back: wait, so this flush retries them.
    await this.writing;
    this.backgroundFailure = undefined;
    return this.write(
      [...this.buffers].map(([partition, buffer]) => this.detach(partition, buffer)),
      'flush',
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new DeliveryStreamClosedError();
  }

  private append(partition: string, line: string, seq: number): PartitionBuffer {
    let buffer = this.buffers.get(partition);
    if (!buffer) {
      buffer = { lines: [], bytes: 0, failures: [], openedAt: this.clock.now(), firstSeq: seq, timer: undefined };
      buffer.timer = this.startTimer(partition);
      this.buffers.set(partition, buffer);
    }
    buffer.lines.push(line);
    buffer.bytes += Buffer.byteLength(line);
    return buffer;
  }

  private startTimer(partition: string): unknown {
    return this.clock.setTimeout(() => {
      const buffer = this.buffers.get(partition);
      if (!buffer) return;
      // Nobody awaits a timer: a failure is kept for the next put() (the records stay buffered).
      this.write([this.detach(partition, buffer)], 'interval').catch((error: unknown) => {
        this.backgroundFailure ??= error;
      });
    }, this.bufferIntervalMs);
  }

  private detach(partition: string, buffer: PartitionBuffer): PendingObject {
    this.clock.clearTimeout(buffer.timer);
    this.buffers.delete(partition);
    const naming = { openedAt: buffer.openedAt, streamTag: this.tag, firstSeq: buffer.firstSeq };
    const key = partition === FAILED ? failedObjectKey(naming) : rawObjectKey(partition, naming);
    return { ...buffer, partition, key };
  }

  /** Puts a written-off object back in front of newer records of its partition, to be retried. */
  private restore(object: PendingObject): void {
    const newer = this.buffers.get(object.partition);
    const restored: PartitionBuffer = {
      lines: [...object.lines, ...(newer?.lines ?? [])],
      bytes: object.bytes + (newer?.bytes ?? 0),
      failures: [...object.failures, ...(newer?.failures ?? [])],
      openedAt: object.openedAt,
      firstSeq: object.firstSeq,
      timer: newer?.timer ?? this.startTimer(object.partition),
    };
    this.buffers.set(object.partition, restored);
  }

  /** Writes objects one after another, after every earlier write, so each partition's objects land in order. */
  private write(objects: readonly PendingObject[], trigger: DeliveryFlush['trigger']): Promise<string[]> {
    const next = this.next;
    const written = this.writing.then(async () => {
      if (objects.length === 0) return [];
      const keys: string[] = [];
      try {
        // Saved before the objects: a crash after them must not hand out their numbers again.
        await this.sequence.save(next);
        for (const object of objects) {
          await this.options.sink.put(object.key, await gzipAsync(object.lines.join('')), objectOptions(object.partition));
          keys.push(object.key);
          this.totals.objectsWritten++;
          for (const failure of object.failures) this.failures.push({ ...failure, objectKey: object.key });
        }
      } catch (error) {
        for (const object of objects.slice(keys.length).reverse()) this.restore(object);
        throw error;
      } finally {
        if (keys.length > 0) this.options.onFlush?.({ trigger, keys, totals: this.stats });
      }
      return keys;
    });
    this.writing = written.catch(() => undefined);
    return written;
  }
}

function objectOptions(partition: string): { contentType: string; metadata: Record<string, string> } {
  const metadata: Record<string, string> =
    partition === FAILED ? { format: 'ndjson', source: 'cdc', error: 'processing-failed' } : { format: 'ndjson', table: partition, source: 'cdc' };
  return { contentType: 'application/x-ndjson', metadata };
}

function unwritten({ line, table, problem, reason }: FailedChange): UnwrittenFailure {
  return { line, table, problem, reason };
}
