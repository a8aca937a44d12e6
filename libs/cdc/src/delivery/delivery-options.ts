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
  /** Every record that could not be routed; each is kept, with its reason, under the processing-failed prefix. */
  readonly failed: number;
  readonly objectsWritten: number;
  /** The first FAILURES_LISTED failures, once their error object is written: enough to act on, bounded however many fail. */
  readonly failures: readonly DeliveryFailure[];
}

/** How many failures DeliveryStats lists; `failed` counts the rest. */
export const FAILURES_LISTED = 10;

/** A record the router refused, and where it is kept. */
export interface DeliveryFailure {
  /** The record's line in the file it was read from, when it came from one. */
  readonly line?: number;
  /** The source table the record names (schema.table), when it names one. */
  readonly table?: string;
  /** What is wrong and how to fix it. */
  readonly problem: string;
  /** The problem prefixed with the record's origin when known, as the error object keeps it. */
  readonly reason: string;
  /** The error object holding the record and its reason. */
  readonly objectKey: string;
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
