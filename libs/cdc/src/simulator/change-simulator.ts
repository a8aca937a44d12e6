// The embedded default CDC source: a deterministic stream of DMS records with the transaction
// details a PostgreSQL → DMS stream carries, for `datamaster stream --simulate` and for tests.
import { setTimeout as sleep } from 'node:timers/promises';
import { getTable, lakeManifest } from '@datamaster/lake-manifest';
import { MAX_SCALE, seedRowCounts, type SeedTable } from '@datamaster/seed-data';
import type { DmsDataRecord } from '../envelope.js';
import { formatUtcMicros } from '../router/change-time.js';
import { formatLsn } from '../router/lsn.js';
import { drawsFor, type Draws } from './draws.js';
import {
  InvalidSimulatorOptionError,
  resolveMix,
  SECOND_WAVE_MIX,
  validateRps,
  validateStartTime,
  type ChangeMix,
  type ChangeMixInput,
  type ChangeSimulatorOptions,
} from './options.js';
import { SimulatedDatabase, type Change } from './simulated-database.js';

/** Share of transactions that insert a review and change it again before committing. */
const CHURN_RATE = 0.04;
/** Just below the 4 GiB boundary, so the LSN's high half soon ticks over, as it does on a real server. */
const FIRST_LSN = 0xffff_0000n;
const FIRST_XID = 1000;

export interface SimulateOptions {
  readonly rps: number;
  readonly durationMs: number;
  /** Receives each batch in order; a returned promise is awaited before the next batch. */
  readonly onBatch: (records: DmsDataRecord[]) => void | Promise<void>;
  /** Pace batches in real time (default), or hand them over as fast as onBatch takes them. */
  readonly realtime?: boolean;
  /** Simulated time covered by one batch; default 100 ms. */
  readonly batchMs?: number;
  readonly mix?: ChangeMixInput;
  /** Stops the simulation early; the summary then says aborted. */
  readonly signal?: AbortSignal;
}

export interface SimulationSummary {
  readonly records: number;
  readonly batches: number;
  readonly aborted: boolean;
}

export class ChangeSimulator {
  private readonly draws: Draws;
  private readonly database: SimulatedDatabase;
  private readonly mix: ChangeMix;
  /** Records of a transaction that a call to next() cut short; they come first next time. */
  private readonly pending: DmsDataRecord[] = [];
  private rps: number;
  private clockOriginMicros: number;
  private clockOriginIndex = 0;
  private stamped = 0;
  private lsn = FIRST_LSN;
  private xid = FIRST_XID;

  constructor(options: ChangeSimulatorOptions) {
    if (!Number.isSafeInteger(options.seed)) throw new InvalidSimulatorOptionError('seed', options.seed, 'a safe integer');
    if (!(typeof options.scale === 'number' && options.scale > 0 && options.scale <= MAX_SCALE)) {
      throw new InvalidSimulatorOptionError('scale', options.scale, `the seed dataset's scale, a number > 0 and ≤ ${MAX_SCALE}`);
    }
    this.rps = validateRps(options.rps ?? 10);
    this.clockOriginMicros = validateStartTime(options.startTime) * 1000;
    this.mix = resolveMix(options.mix);
    this.draws = drawsFor(options.seed, 0);
    this.database = new SimulatedDatabase(options.seed, seedRowCounts(options.scale));
  }

  /** The next n records. `mix` overrides the simulator's mix for the transactions this call begins. */
  next(n: number, mix?: ChangeMixInput): DmsDataRecord[] {
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidSimulatorOptionError('n', n, 'a non-negative integer');
    const resolved = mix === undefined ? this.mix : resolveMix(mix, this.mix);
    while (this.pending.length < n) this.pending.push(...this.stamp(this.transaction(resolved)));
    return this.pending.splice(0, n);
  }

  /** n updates and deletes of keys that already exist (seed rows and rows inserted earlier), no inserts. */
  secondWave(n: number): DmsDataRecord[] {
    return this.next(n, SECOND_WAVE_MIX);
  }

  /** Emits rps × durationMs records in batches, paced in real time unless realtime is false. */
  async simulate(options: SimulateOptions): Promise<SimulationSummary> {
    const rps = validateRps(options.rps);
    const batchMs = options.batchMs ?? 100;
    if (!(Number.isFinite(options.durationMs) && options.durationMs >= 0)) throw new InvalidSimulatorOptionError('durationMs', options.durationMs, 'a number of ms ≥ 0');
    if (!(Number.isFinite(batchMs) && batchMs > 0)) throw new InvalidSimulatorOptionError('batchMs', batchMs, 'a positive number of ms');
    this.setRate(rps);
    const total = Math.round((rps * options.durationMs) / 1000);
    const perBatch = Math.max(1, Math.round((rps * batchMs) / 1000));
    const started = performance.now();
    let records = 0;
    let batches = 0;
    while (records < total) {
      if (options.signal?.aborted) return { records, batches, aborted: true };
      const size = Math.min(perBatch, total - records);
      const wait = started + ((records + size) / rps) * 1000 - performance.now();
      if (options.realtime !== false && wait > 0) {
        try {
          await sleep(wait, undefined, { signal: options.signal });
        } catch (error) {
          if (options.signal?.aborted) return { records, batches, aborted: true };
          throw error;
        }
      }
      await options.onBatch(this.next(size, options.mix));
      records += size;
      batches++;
    }
    return { records, batches, aborted: false };
  }

  /** Later records are 1/rps apart; the clock runs on from where it is. */
  private setRate(rps: number): void {
    this.clockOriginMicros = this.timeMicros(this.stamped);
    this.clockOriginIndex = this.stamped;
    this.rps = rps;
  }

  private timeMicros(index: number): number {
    return this.clockOriginMicros + Math.floor(((index - this.clockOriginIndex) * 1_000_000) / this.rps);
  }

  private transaction(mix: ChangeMix): Change[] {
    const nowSeconds = Math.floor(this.timeMicros(this.stamped) / 1_000_000);
    // Silver must order several changes of one key that share a transaction and its commit time.
    const { insert, update } = mix.operations;
    if (insert > 0 && update > 0 && mix.tables.review > 0 && this.draws.chance(CHURN_RATE)) return this.churn(nowSeconds, mix.operations.delete > 0);
    const size = Number(this.draws.weighted({ 1: 6, 2: 3, 3: 1 }));
    return Array.from({ length: size }, () => this.change(mix, nowSeconds));
  }

  private change(mix: ChangeMix, nowSeconds: number): Change {
    const table: SeedTable = this.draws.weighted(mix.tables);
    const operation = this.draws.weighted(mix.operations);
    if (operation === 'insert') return this.database.insert(table, this.draws, nowSeconds);
    const change = (operation === 'delete' ? this.database.delete(table, this.draws) : undefined) ?? this.database.update(table, this.draws);
    // Only reviews can run out of rows (by deletes at a tiny scale): a new one is then the change.
    return change ?? this.database.insert(table, this.draws, nowSeconds);
  }

  private churn(nowSeconds: number, withDelete: boolean): Change[] {
    const inserted = this.database.insert('review', this.draws, nowSeconds);
    const id = inserted.data.review_id as number;
    const changes = [inserted, this.database.updateKey('review', id, this.draws)];
    if (this.draws.chance(0.5)) changes.push(this.database.updateKey('review', id, this.draws));
    if (withDelete && this.draws.chance(0.5)) changes.push(this.database.deleteKey('review', id));
    return changes;
  }

  /** The DMS records of one transaction: one xid and commit time, rising LSNs and record ids. */
  private stamp(changes: readonly Change[]): DmsDataRecord[] {
    const previousXid = this.xid;
    // Other sessions' transactions take xids too.
    this.xid += this.draws.int(1, 4);
    const commitTimestamp = formatUtcMicros(BigInt(this.timeMicros(this.stamped)));
    return changes.map((change, index) => {
      // Each change takes some WAL bytes: a row image and its headers.
      this.lsn += BigInt(this.draws.int(64, 512));
      // Every source table declares the OLTP schema and table it comes from.
      const source = getTable(lakeManifest(), `source.${change.table}`).source as { schema: string; table: string };
      return {
        data: { ...change.data },
        metadata: {
          timestamp: formatUtcMicros(BigInt(this.timeMicros(this.stamped++))),
          'record-type': 'data',
          operation: change.op,
          'partition-key-type': 'schema-table',
          'schema-name': source.schema,
          'table-name': source.table,
          'transaction-id': this.xid,
          'commit-timestamp': commitTimestamp,
          'stream-position': formatLsn(this.lsn),
          'transaction-record-id': index + 1,
          'prev-transaction-id': previousXid,
        },
      };
    });
  }
}
