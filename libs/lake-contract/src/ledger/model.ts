import type { CatalogLayer } from '@datamaster/lake-manifest';

/** pending → running → succeeded | failed → (after backoff) running … → dead; reprocess() re-drives to pending. */
export const LEDGER_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'dead'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** The statuses a manual re-drive (reprocess) starts from: every one where no worker holds the record. */
export const REDRIVABLE_STATUSES = ['failed', 'succeeded', 'dead'] as const;
export type RedrivableStatus = (typeof REDRIVABLE_STATUSES)[number];

// 'iceberg': the unit of work is an Iceberg snapshot (a silver table's commit that review_flat or gold must follow).
export const OBJECT_FORMATS = ['csv', 'ndjson', 'parquet', 'iceberg'] as const;
export type ObjectFormat = (typeof OBJECT_FORMATS)[number];

/** The failure a record keeps for its story, through retries and re-drives. */
export interface LedgerFailure {
  readonly message: string;
  /** ISO-8601, when the ledger recorded it. */
  readonly at: string;
  /** The attempt that failed (1-based). */
  readonly attempt: number;
}

/** A process that holds leases: on one machine, a lease whose process is gone is taken over at once. */
export interface LeaseHolder {
  readonly host: string;
  readonly pid: number;
  /** The process's start time as the OS reports it, so a reused pid is not mistaken for the holder. */
  readonly started: string;
}

/** One unit of work: one object version to turn into the next layer. Plain JSON, ready to print. */
export interface LedgerRecord {
  /** Deterministic from (layer, objectKey, etag): see ledgerRecordId(). */
  readonly recordId: string;
  /** The layer this work produces. */
  readonly layer: CatalogLayer;
  /** The lake table, e.g. "review". */
  readonly table: string;
  readonly objectKey: string;
  /** Without the quotes S3 sometimes puts around it. */
  readonly etag: string;
  readonly objectSize: number;
  readonly format: ObjectFormat;
  /** Where the object came from: "batch", "cdc", … */
  readonly source: string;
  readonly estimatedRecords?: number;
  /** "lambda", "ecs", "local", …: set when the work is dispatched. */
  readonly computeTarget?: string;
  readonly status: LedgerStatus;
  /** Attempts started since registration or the last re-drive. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly registeredAt: string;
  readonly updatedAt: string;
  /** Incremented by every write; every transition is conditional on the version it read. */
  readonly version: number;
  /** While running: who holds the lease, and until when. */
  readonly leaseOwner?: string;
  readonly leaseExpiresAt?: string;
  /** While running: the process holding the lease, where one machine runs everything (local takeover). */
  readonly leaseHolder?: LeaseHolder;
  /** While failed: the earliest time of the next attempt. */
  readonly nextAttemptAt?: string;
  readonly lastError?: LedgerFailure;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  readonly executionId?: string;
  readonly rowsIn?: number;
  readonly rowsOut?: number;
  readonly rowsQuarantined?: number;
  readonly bytesIn?: number;
  readonly bytesOut?: number;
  /**
   * The input's digest: SHA-256 (hex) of a raw object, or of a derived table's set of partitions; for silver
   * work, the bronze object's ETag (MD5 of its bytes, or S3's md5-<parts> for a multipart upload).
   */
  readonly checksum?: string;
  readonly outputKeys?: readonly string[];
  readonly quarantineKey?: string;
  /** Free-form facts later layers need (e.g. the partitions a run touched). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** What registering a unit of work takes: the record's identity and description, before any attempt. */
export type RegisterInput = Pick<LedgerRecord, 'layer' | 'table' | 'objectKey' | 'etag' | 'objectSize' | 'format' | 'source'> &
  Partial<Pick<LedgerRecord, 'estimatedRecords' | 'maxAttempts' | 'attributes'>>;

export interface ClaimOptions {
  /** Who takes the lease; only this owner may heartbeat, succeed or fail the attempt. */
  readonly owner: string;
  readonly leaseMs: number;
  readonly now?: Date;
  readonly computeTarget?: string;
  readonly executionId?: string;
  /** The process taking the lease, recorded for local takeover. */
  readonly holder?: LeaseHolder;
  /** Take over a running record leased by this owner even before the lease expires: its process is gone. */
  readonly takeOverFrom?: string;
  /** Merged into the record's attributes (e.g. the work id of this attempt). */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** What a successful attempt reports. */
export interface RunOutcome {
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rowsQuarantined: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly checksum: string;
  readonly outputKeys: readonly string[];
  readonly quarantineKey?: string;
  readonly executionId?: string;
  readonly computeTarget?: string;
  /** Merged into the record's attributes. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Exponential retry delay: baseMs × 2^(attempts − 1), at most capMs. */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
}


/** A page of records; pass `cursor` back to get the next one. No cursor: this was the last page. */
export interface LedgerPage {
  readonly records: readonly LedgerRecord[];
  readonly cursor?: string;
}

export interface ListOptions {
  readonly table: string;
  readonly status?: LedgerStatus;
  readonly layer?: CatalogLayer;
  /** Default 50, at most 1000. */
  readonly limit?: number;
  readonly cursor?: string;
}

export interface ListByLayerOptions {
  readonly layer: CatalogLayer;
  readonly status: LedgerStatus;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface ListDueOptions {
  readonly layer: CatalogLayer;
  readonly now?: Date;
  /** Default 50, at most 1000; claim what you got and ask again. */
  readonly limit?: number;
}

/** Which records reprocessWhere() re-drives: every record in a status, or every re-drivable record of a table. */
export type ReprocessSelection =
  | { readonly status: RedrivableStatus; readonly layer?: CatalogLayer }
  | { readonly table: string; readonly status?: RedrivableStatus; readonly layer?: CatalogLayer };

export type LedgerCounts = Record<LedgerStatus, number>;
