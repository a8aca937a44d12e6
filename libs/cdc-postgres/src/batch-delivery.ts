import type { DmsRecord } from '@datamaster/cdc';
import type { PositionStore } from './position-store.js';
import type { DecodedTransaction, TruncateEvent } from './transaction-decoder.js';

export interface DeliveryTarget {
  readonly onRecords: (records: DmsRecord[]) => Promise<void>;
  readonly onControl: ((event: TruncateEvent) => Promise<void> | void) | undefined;
  readonly logger: { warn(message: string): void };
  readonly positionStore: PositionStore;
  /** Tells PostgreSQL that everything up to this commit position is safely delivered. */
  readonly acknowledge: (position: string) => Promise<void>;
  readonly onFailure: (error: unknown) => void;
}

/** Transactions are batched up to about this many records; a larger transaction is still delivered whole. */
const BATCH_RECORDS = 1_000;

/**
 * Hands committed transactions to onRecords in order, batching those that arrive together, one batch at
 * a time. A batch's position (the commit LSN of its last transaction) is saved, then acknowledged, only
 * after onRecords resolved, so a crash can repeat a batch but never lose one.
 */
export class BatchDelivery {
  private pending: DecodedTransaction[] = [];
  private pendingRecords = 0;
  private flushScheduled = false;
  private inFlight = 0;
  private closed = false;
  private delivering: Promise<void> = Promise.resolve();

  constructor(private readonly target: DeliveryTarget) {}

  /** Nothing waits to be delivered and nothing is being delivered. */
  get idle(): boolean {
    return this.pending.length === 0 && this.inFlight === 0;
  }

  /** Queues a transaction. Resolves at once, or, when a full batch is waiting, once it is delivered (backpressure). */
  async add(transaction: DecodedTransaction): Promise<void> {
    this.pending.push(transaction);
    this.pendingRecords += transaction.records.length;
    if (this.pendingRecords >= BATCH_RECORDS) await this.flush();
    else this.scheduleFlush();
  }

  /**
   * Delivers records of no complete transaction (the control records of a schema change the stream stops at),
   * after every transaction queued before them. No position is saved: nothing after the last one has been read.
   */
  async addUnpositioned(records: DmsRecord[]): Promise<void> {
    await this.flush();
    const delivery = this.delivering.then(() => (this.closed ? undefined : this.target.onRecords(records)));
    this.delivering = delivery.catch(() => undefined); // the caller reports its failure
    await delivery;
  }

  /** Starts no new delivery; resolves once the one under way has finished (and saved its position). */
  async close(): Promise<void> {
    this.closed = true;
    this.pending = []; // not acknowledged, so the slot sends them again on the next start
    await this.delivering;
  }

  /** Delivers what has arrived once the messages already received are handled, so that they batch. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    const batch = this.pending.splice(0);
    this.pendingRecords = 0;
    if (batch.length > 0) {
      this.inFlight++;
      this.delivering = this.delivering
        .then(() => this.deliver(batch))
        .catch((error: unknown) => this.target.onFailure(error))
        .finally(() => this.inFlight--);
    }
    return this.delivering;
  }

  private async deliver(batch: readonly DecodedTransaction[]): Promise<void> {
    if (this.closed) return;
    const records = batch.flatMap((transaction) => transaction.records);
    if (records.length > 0) await this.target.onRecords(records);
    for (const event of batch.flatMap((transaction) => transaction.truncates)) {
      this.target.logger.warn(
        `TRUNCATE of ${event.tables.join(', ')} at ${event.streamPosition} (transaction ${event.transactionId}): ` +
          'DMS has no record for it, so the lake keeps those rows until they are deleted.',
      );
      await this.target.onControl?.(event);
    }
    const position = batch.at(-1)?.commitLsn;
    if (position === undefined) return;
    await this.target.positionStore.save(position);
    await this.target.acknowledge(position);
  }
}
