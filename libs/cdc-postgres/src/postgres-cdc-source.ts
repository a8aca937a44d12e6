import type { DmsRecord } from '@datamaster/cdc';
import { lakeManifest, type LakeManifest } from '@datamaster/lake-manifest';
import { LogicalReplicationService, type Pgoutput } from 'pg-logical-replication';
import { BatchDelivery } from './batch-delivery.js';
import { CdcSourceStateError, ReplicationSlotLostError, ReplicationStreamError } from './errors.js';
import { fullLoad } from './full-load.js';
import { formatLsn, parseLsn } from './lsn.js';
import { DEFAULT_PUBLICATION } from './migrate.js';
import { TEXT_SESSION, withClient } from './pg-client.js';
import type { PositionStore } from './position-store.js';
import { RawTextPgoutputPlugin } from './raw-text-pgoutput.js';
import { assertPublication, ensureSlot } from './replication-slot.js';
import { describeSchemaChange, RelationShapeChange } from './schema-change.js';
import { sourceShapes } from './source-shapes.js';
import { sourceTables, type SourceTable } from './source-tables.js';
import { TransactionDecoder, type TruncateEvent } from './transaction-decoder.js';

export interface PostgresCdcSourceOptions {
  readonly connectionString: string;
  /** Default: dm_cdc. */
  readonly slotName?: string;
  /** Default: dm_cdc (created by migrate). */
  readonly publicationName?: string;
  readonly positionStore: PositionStore;
  /** Receives whole transactions, in commit order, batched; the position is saved only after it resolves. */
  readonly onRecords: (records: DmsRecord[]) => Promise<void>;
  /** Called once when the running source fails; it then closes its connections (stop() waits for that). While starting, start() rejects instead. */
  readonly onError: (error: Error) => void;
  /** TRUNCATEs, which DMS has no record for; called after the records of the same batch, and logged either way. */
  readonly onControl?: (event: TruncateEvent) => Promise<void> | void;
  /** Load every table before streaming, when no position was saved yet. Default true. */
  readonly fullLoad?: boolean;
  /** Default: the bundled lake manifest. */
  readonly manifest?: LakeManifest;
  /** Default: console. */
  readonly logger?: { warn(message: string): void };
}

const DEFAULT_SLOT = 'dm_cdc';

type State = 'new' | 'starting' | 'streaming' | 'stopping' | 'stopped';

/**
 * PostgreSQL changes as DMS records, from a pgoutput logical replication slot (the local stand-in for DMS).
 *
 * First start: the slot is created first, then every table is fully loaded (`load` records), then the slot
 * streams. A change committed between the slot's creation and the load's snapshot arrives twice, as a load
 * row and as a change; that is harmless because silver keeps the latest change per key by source commit time.
 *
 * Whole transactions reach onRecords in commit order (see BatchDelivery). A batch's position is saved, then
 * acknowledged, only after onRecords resolved; after a crash the slot sends again what was not acknowledged,
 * and every transaction at or below the saved position is skipped, so nothing is lost or delivered twice.
 */
export class PostgresCdcSource {
  private state: State = 'new';
  private readonly tables: readonly SourceTable[];
  /** Made once the manifest's column types are resolved, as the source starts. */
  private decoder: TransactionDecoder | undefined;
  private readonly plugin: RawTextPgoutputPlugin;
  private readonly delivery: BatchDelivery;
  private service: LogicalReplicationService | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private failed = false;
  /** Stream messages this source has finished handling; compared with the plugin's count of parsed ones. */
  private handled = 0;
  /** Transactions committed at or below this position were delivered before a restart. */
  private skipThrough: bigint | undefined;
  /** What to report to PostgreSQL as flushed (the replication library reports one byte past it). */
  private confirmed = 0n;

  constructor(private readonly options: PostgresCdcSourceOptions) {
    this.tables = sourceTables(options.manifest ?? lakeManifest());
    this.plugin = new RawTextPgoutputPlugin({ protoVersion: 1, publicationNames: [this.publication] });
    this.delivery = new BatchDelivery({
      onRecords: options.onRecords,
      onControl: options.onControl,
      logger: options.logger ?? console,
      positionStore: options.positionStore,
      acknowledge: (position) => this.confirm(parseLsn(position)),
      onFailure: (error) => this.fail(error, 'data'),
    });
  }

  private get slot(): string {
    return this.options.slotName ?? DEFAULT_SLOT;
  }

  private get publication(): string {
    return this.options.publicationName ?? DEFAULT_PUBLICATION;
  }

  /** Resolves once changes stream (after the full load, if one runs); rejects, with nothing left open, if it cannot start. */
  async start(): Promise<void> {
    if (this.state !== 'new') {
      throw new CdcSourceStateError(`start() was called on a source that is ${this.state}; create a new PostgresCdcSource to start again.`);
    }
    this.state = 'starting';
    this.starting = this.startUp().catch(async (error: unknown) => {
      await (this.stopping ??= this.shutDown());
      throw error;
    });
    await this.starting;
  }

  /** Stops streaming and closes every connection; a delivery under way finishes first. Calling it again is harmless. */
  async stop(): Promise<void> {
    if (this.state === 'new') this.state = 'stopped';
    await this.starting?.catch(() => undefined); // start() reports its own failure
    await (this.stopping ??= this.shutDown());
  }

  private async startUp(): Promise<void> {
    const { connectionString, positionStore } = this.options;
    const slot = await withClient(connectionString, async (client) => {
      await assertPublication(client, this.publication);
      this.decoder = new TransactionDecoder(await sourceShapes(client, this.tables), this.publication);
      return ensureSlot(client, this.slot);
    });
    let position = await positionStore.load();
    if (position !== undefined && slot.created) throw new ReplicationSlotLostError(this.slot, position);
    if (position === undefined && this.options.fullLoad !== false) {
      await fullLoad(connectionString, this.tables, (records) => this.options.onRecords(records));
      // Saved just below the slot's start: the load is done, and nothing of the stream is delivered yet.
      position = formatLsn(parseLsn(slot.confirmedFlushLsn) - 1n);
      await positionStore.save(position);
    }
    if (position !== undefined) this.skipThrough = this.confirmed = parseLsn(position);
    await this.subscribe();
  }

  private async subscribe(): Promise<void> {
    const service = new LogicalReplicationService(
      { connectionString: this.options.connectionString, options: TEXT_SESSION.options },
      { acknowledge: { auto: false, timeoutSeconds: 0 }, flowControl: { enabled: true } },
    );
    this.service = service;
    service.on('data', (lsn: string, message: Pgoutput.Message) => this.receive(lsn, message));
    service.on('heartbeat', (lsn: string, _time: number, shouldRespond: boolean) => this.keepalive(lsn, shouldRespond));
    service.on('error', (error: Error) => this.fail(error));
    const ended = service.subscribe(this.plugin, this.slot);
    ended.then(
      () => this.fail(new ReplicationStreamError(`PostgreSQL ended the replication stream of slot ${this.slot}.`)),
      (error: unknown) => this.fail(error),
    );
    await new Promise<void>((started, failed) => {
      service.once('start', () => {
        this.state = 'streaming';
        started();
      });
      ended.then(() => failed(new ReplicationStreamError(`Replication of slot ${this.slot} ended before it started.`)), failed);
    });
  }

  private async receive(lsn: string, message: Pgoutput.Message): Promise<void> {
    try {
      if (this.state !== 'streaming' || !this.decoder) return;
      const transaction = this.decoder.push(lsn, message);
      if (!transaction) return;
      if (this.skipThrough !== undefined && parseLsn(transaction.commitLsn) <= this.skipThrough) return;
      // The replication library waits for this handler, so waiting for a full batch holds the stream back.
      await this.delivery.add(transaction);
    } catch (error) {
      this.fail(error instanceof RelationShapeChange ? await this.deliverSchemaChange(error) : error, 'data');
    } finally {
      this.handled++;
    }
  }

  /**
   * Delivers a schema change as control records and returns the error that stops the stream. Its transaction is
   * not delivered and no position is saved, so after a restart the slot sends it again, whole, in its new shape.
   */
  private async deliverSchemaChange(change: RelationShapeChange): Promise<Error> {
    try {
      const { controlRecords, error } = await describeSchemaChange(this.options.connectionString, change);
      await this.delivery.addUnpositioned(controlRecords);
      return error;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /**
   * A keepalive carries the end of the WAL sent so far. When every message received before it has been
   * delivered and no transaction is half read, everything up to there is done with, and confirming it lets
   * PostgreSQL recycle WAL and finish a fast shutdown (which waits for replication clients to confirm).
   * A keepalive can overtake data still queued in the replication library, hence the message counts.
   */
  private keepalive(walEnd: string, shouldRespond: boolean): void {
    const caughtUp = this.plugin.parsed === this.handled && this.decoder?.inTransaction === false && this.delivery.idle;
    // The next commit record may start exactly at walEnd: confirm up to the byte before it.
    const advanced = caughtUp && parseLsn(walEnd) - 1n > this.confirmed;
    if (advanced) this.confirmed = parseLsn(walEnd) - 1n;
    if (advanced || shouldRespond) this.confirm(this.confirmed).catch((error: unknown) => this.fail(error));
  }

  private async confirm(position: bigint): Promise<void> {
    if (position > this.confirmed) this.confirmed = position;
    await this.service?.acknowledge(formatLsn(this.confirmed));
  }

  /**
   * Reports a failure once and closes the source. A stream error while starting is start()'s to report, and
   * once stopping the stream ending is expected; a failure to decode or deliver data is always reported.
   */
  private fail(error: unknown, origin: 'stream' | 'data' = 'stream'): void {
    if (this.failed || this.state === 'stopped' || (origin === 'stream' && this.state !== 'streaming')) return;
    this.failed = true;
    this.stopping ??= this.shutDown();
    this.options.onError(error instanceof Error ? error : new Error(String(error)));
  }

  private async shutDown(): Promise<void> {
    this.state = 'stopping';
    const service = this.service;
    this.service = undefined;
    await service?.destroy();
    await this.delivery.close(); // a delivery under way completes and saves its position
    this.state = 'stopped';
  }
}
