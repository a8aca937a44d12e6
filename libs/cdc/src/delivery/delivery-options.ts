import type { LakeManifest } from '@datamaster/lake-manifest';
import type { DeliveryClock } from './delivery-clock.js';
import type { ObjectSink } from './object-sink.js';
import type { SequenceStore } from './sequence-store.js';

export interface LocalDeliveryStreamOptions {
  readonly sink: ObjectSink;
  /** Names the stream in object keys (hashed); default "local". */
  readonly streamId?: string;
  /** Flush a buffer once its NDJSON reaches this many bytes (before gzip, as Firehose counts). Default 1 MiB. */
  readonly bufferBytes?: number;
  /** Flush a buffer this long after its first record. Default 10 s. */
  readonly bufferIntervalMs?: number;
  readonly clock?: DeliveryClock;
  /** Persists the record counter across restarts; default in memory, starting at 0. */
  readonly sequence?: SequenceStore;
  /** Defaults to the platform's lake manifest. */
  readonly manifest?: LakeManifest;
  /** Called after every flush that wrote objects. */
  readonly onFlush?: (flush: DeliveryFlush) => void;
}

export interface DeliveryStats {
  readonly recordsIn: number;
  readonly routed: number;
  readonly failed: number;
  readonly objectsWritten: number;
}

export interface DeliveryFlush {
  readonly trigger: 'size' | 'interval' | 'flush';
  /** Objects this flush wrote, in order. */
  readonly keys: readonly string[];
  /** Since the stream was opened. */
  readonly totals: DeliveryStats;
}

/** An option of LocalDeliveryStream.open is out of its domain. */
export class InvalidDeliveryOptionError extends Error {
  override readonly name = 'InvalidDeliveryOptionError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`Invalid delivery stream option ${option}=${JSON.stringify(value) ?? String(value)}: expected ${expected}.`);
  }
}

/** put() or flush() after close(). */
export class DeliveryStreamClosedError extends Error {
  override readonly name = 'DeliveryStreamClosedError';
  constructor() {
    super('The delivery stream is closed: open a new one with LocalDeliveryStream.open() to deliver more records.');
  }
}

export function validateDeliveryOptions(options: LocalDeliveryStreamOptions): void {
  const { bufferBytes, bufferIntervalMs, streamId } = options;
  if (bufferBytes !== undefined && !(Number.isSafeInteger(bufferBytes) && bufferBytes > 0)) {
    throw new InvalidDeliveryOptionError('bufferBytes', bufferBytes, 'a positive integer (Firehose itself takes 1 MiB to 128 MiB)');
  }
  if (bufferIntervalMs !== undefined && !(Number.isFinite(bufferIntervalMs) && bufferIntervalMs > 0)) {
    throw new InvalidDeliveryOptionError('bufferIntervalMs', bufferIntervalMs, 'a positive number of milliseconds');
  }
  if (streamId !== undefined && (typeof streamId !== 'string' || streamId === '')) {
    throw new InvalidDeliveryOptionError('streamId', streamId, 'a non-empty string');
  }
}
