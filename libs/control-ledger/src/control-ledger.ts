import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { CATALOG_LAYERS, type CatalogLayer } from '@datamaster/lake-manifest';
import { LedgerAttemptsExhaustedError, type LedgerOperation } from '@datamaster/lake-contract';
import {
  backoffSchema,
  claimOptionsSchema,
  dateSchema,
  layerFilterSchema,
  leaseMsSchema,
  listByLayerOptionsSchema,
  listDueOptionsSchema,
  listOptionsSchema,
  ownerSchema,
  parseInput,
  registerInputSchema,
  reprocessSelectionSchema,
  runOutcomeSchema,
  tableNameSchema,
} from './input.js';
import { ensureLedgerTable } from './ledger-table.js';
import { countRecords, layerQuery, listDueRecords, listRecords, listRecordsByLayer, tableQuery } from './listing.js';
import {
  RETRY_BACKOFF,
  REDRIVABLE_STATUSES,
  type BackoffOptions,
  type ClaimOptions,
  type LedgerCounts,
  type LedgerPage,
  type LedgerRecord,
  type ListByLayerOptions,
  type ListDueOptions,
  type ListOptions,
  type RegisterInput,
  type ReprocessSelection,
  type RunOutcome,
} from '@datamaster/lake-contract';
import type { IndexQuery, LedgerTarget } from './query.js';
import { ledgerRecordId } from '@datamaster/lake-contract';
import { newRecord, planClaim, planFail, planHeartbeat, planLeaseExpiry, planReprocess, planSucceed } from '@datamaster/lake-contract';
import { applyTransition, getRecord, putNewRecord, sweepTransition, type TransitionPlan } from './record-store.js';

export interface ControlLedgerOptions {
  /** A client to use (the caller keeps ownership), or the config of a client the ledger creates and destroys on close(). */
  readonly client: DynamoDBClient | DynamoDBClientConfig;
  readonly tableName: string;
  /** The time of every write; tests move it forward instead of waiting. */
  readonly clock?: () => Date;
  readonly backoff?: BackoffOptions;
}

/**
 * The control ledger: one DynamoDB record per unit of work, moved through its states by conditional writes only,
 * so that work is never lost (every failure is kept and re-drivable) nor done twice (one record per object
 * version, one lease holder per attempt).
 */
export class ControlLedger {
  readonly tableName: string;
  private readonly client: DynamoDBClient;
  private readonly ownsClient: boolean;
  private readonly clock: () => Date;
  private readonly backoff: BackoffOptions;

  constructor(options: ControlLedgerOptions) {
    this.tableName = parseInput(tableNameSchema, options.tableName, 'ledger table name');
    this.ownsClient = !(options.client instanceof DynamoDBClient);
    this.client = options.client instanceof DynamoDBClient ? options.client : new DynamoDBClient(options.client);
    this.clock = options.clock ?? (() => new Date());
    this.backoff = parseInput(backoffSchema, options.backoff ?? RETRY_BACKOFF, 'backoff options');
  }

  /** Creates the ledger table if it is missing (see ensureLedgerTable). */
  ensureTable(): Promise<void> {
    return ensureLedgerTable(this.client, this.tableName);
  }

  /** Records an object version as pending work, once: registering it again returns the existing record as stored. */
  async register(input: RegisterInput): Promise<{ record: LedgerRecord; created: boolean }> {
    return putNewRecord(this.target, newRecord(parseInput(registerInputSchema, input, 'ledger registration'), this.clock()));
  }

  async get(recordId: string): Promise<LedgerRecord | undefined> {
    return getRecord(this.target, recordId);
  }

  async findByObject(layer: CatalogLayer, objectKey: string, etag: string): Promise<LedgerRecord | undefined> {
    return this.get(ledgerRecordId(layer, objectKey, etag));
  }

  /**
   * Starts an attempt: from pending, from failed once its next attempt is due, or from running once the lease
   * expired (the crashed attempt counts as failed; if it was the last one the record goes dead and this throws
   * LedgerAttemptsExhaustedError).
   */
  async claim(recordId: string, options: ClaimOptions): Promise<LedgerRecord> {
    const claim = parseInput(claimOptionsSchema, options, 'claim options');
    const now = claim.now ?? this.clock();
    const record = await this.apply(recordId, 'claim', (current) => planClaim(current, claim, now, this.backoff));
    if (record.status === 'dead') throw new LedgerAttemptsExhaustedError(record.recordId, record.attempts, record.maxAttempts, record.lastError);
    return record;
  }

  /** Extends the owner's lease; also after it expired, as long as nobody has taken the record over. */
  async heartbeat(recordId: string, owner: string, leaseMs: number): Promise<LedgerRecord> {
    const [who, ms] = [parseInput(ownerSchema, owner, 'lease owner'), parseInput(leaseMsSchema, leaseMs, 'lease duration (ms)')];
    return this.apply(recordId, 'heartbeat', (current) => planHeartbeat(current, who, ms, this.clock()));
  }

  async succeed(recordId: string, owner: string, outcome: RunOutcome): Promise<LedgerRecord> {
    const [who, result] = [parseInput(ownerSchema, owner, 'lease owner'), parseInput(runOutcomeSchema, outcome, 'run outcome')];
    return this.apply(recordId, 'succeed', (current) => planSucceed(current, who, result, this.clock()));
  }

  /** Fails the running attempt: failed with a backoff while attempts remain, else dead. No owner: any running attempt. */
  async fail(recordId: string, owner: string | undefined, error: { readonly message: string }, now?: Date): Promise<LedgerRecord> {
    const who = parseInput(ownerSchema.optional(), owner, 'lease owner');
    const at = parseInput(dateSchema.optional(), now, 'failure time') ?? this.clock();
    return this.apply(recordId, 'fail', (current) => planFail(current, who, String(error.message), at, this.backoff));
  }

  /** Re-drives a dead, failed or succeeded record: pending again, with attempts starting over. */
  async reprocess(recordId: string): Promise<LedgerRecord> {
    return this.apply(recordId, 'reprocess', (current) => planReprocess(current, this.clock()));
  }

  /** Re-drives every matching record, skipping those that change meanwhile; returns how many were re-driven. */
  async reprocessWhere(selection: ReprocessSelection): Promise<number> {
    const chosen = parseInput(reprocessSelectionSchema, selection, 'reprocess selection');
    const statuses = chosen.status === undefined ? REDRIVABLE_STATUSES : [chosen.status];
    const layers = chosen.layer === undefined ? CATALOG_LAYERS : [chosen.layer];
    const queries: IndexQuery[] =
      'table' in chosen
        ? statuses.map((status) => tableQuery(chosen.table, status, chosen.layer))
        : layers.flatMap((layer) => statuses.map((status) => layerQuery(layer, status)));
    const now = this.clock();
    return (await sweepTransition(this.target, queries, 'reprocess', (current) => planReprocess(current, now))).length;
  }

  /** Ends every running attempt whose lease has expired, as a failed attempt (failed or dead); returns those records. */
  async recoverExpiredLeases(now?: Date): Promise<LedgerRecord[]> {
    const at = parseInput(dateSchema.optional(), now, 'recovery time') ?? this.clock();
    const queries = CATALOG_LAYERS.map((layer) => layerQuery(layer, 'running', at));
    return sweepTransition(this.target, queries, 'recover', (current) => planLeaseExpiry(current, at, this.backoff));
  }

  async list(options: ListOptions): Promise<LedgerPage> {
    return listRecords(this.target, parseInput(listOptionsSchema, options, 'list options'));
  }

  /** Every record list() would page through: a table's whole history, or its records in one status. */
  async listAll(options: Omit<ListOptions, 'cursor' | 'limit'>): Promise<LedgerRecord[]> {
    const records: LedgerRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...options, limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
      records.push(...page.records);
      cursor = page.cursor;
    } while (cursor !== undefined);
    return records;
  }

  async listByLayer(options: ListByLayerOptions): Promise<LedgerPage> {
    return listRecordsByLayer(this.target, parseInput(listByLayerOptionsSchema, options, 'list options'));
  }

  /** Work ready to claim in a layer (pending, or failed and due), longest waiting first; claim it and ask again. */
  async listDue(options: ListDueOptions): Promise<LedgerRecord[]> {
    const { layer, now, limit } = parseInput(listDueOptionsSchema, options, 'listDue options');
    return listDueRecords(this.target, layer, now ?? this.clock(), limit);
  }

  async counts(options: { readonly layer?: CatalogLayer } = {}): Promise<LedgerCounts> {
    return countRecords(this.target, parseInput(layerFilterSchema, options, 'counts options').layer);
  }

  /** Destroys the client if the ledger created it. */
  close(): void {
    if (this.ownsClient) this.client.destroy();
  }

  private get target(): LedgerTarget {
    return { client: this.client, tableName: this.tableName };
  }

  private apply(recordId: string, operation: LedgerOperation, plan: TransitionPlan): Promise<LedgerRecord> {
    return applyTransition(this.target, recordId, operation, plan);
  }
}
