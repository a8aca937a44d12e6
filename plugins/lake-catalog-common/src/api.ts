// What the lake catalog backend serves (`/api/lake-catalog/...`) and the frontend reads: plain JSON.
// Table status is the contract's own TableStatus, computed by the same function as `datamaster tables`.
import type { LedgerStatus, TableStatus } from '@datamaster/lake-contract';

export type { LedgerStatus, TableStatus };

/** One column as the manifest declares it; `id` is its Iceberg field id in every layer. */
export interface LakeColumnView {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly classification: 'public' | 'pii';
  readonly masking?: string;
  readonly description: string;
  /** declared in the table's file, added by the platform, computed, or inherited from upstream. */
  readonly origin: string;
}

/** A table's neighbours: direct ones, and every table reachable in that direction. */
export interface LakeLineage {
  readonly upstream: readonly string[];
  readonly downstream: readonly string[];
  readonly allUpstream: readonly string[];
  readonly allDownstream: readonly string[];
  /** What the platform's runs observed (their OpenLineage events), when the backend is given them. */
  readonly observed?: ObservedLakeLineage;
}

/** The tables the table's runs read, the tables whose runs read it, and its latest run. */
export interface ObservedLakeLineage {
  readonly upstream: readonly string[];
  readonly downstream: readonly string[];
  readonly runs: number;
  readonly lastRun?: { readonly at: string; readonly eventType: string; readonly rowsIn?: number; readonly rowsOut?: number };
}

/** What one principal may do with one table, down to columns. */
export interface LakeGrantRow {
  readonly principal: string;
  readonly description: string;
  /** Lake Formation permissions on the table; empty: no grant at all. */
  readonly permissions: readonly string[];
  /** The columns the principal may read (every column of the table, or all but the PII ones). */
  readonly columns: readonly string[];
  readonly excludedColumns: readonly string[];
}

/** A difference between the manifest's grants and Lake Formation's (AWS only). */
export interface LakeGrantDrift {
  readonly principal: string;
  readonly kind: 'missing' | 'unexpected' | 'permissions-differ' | 'columns-differ';
  readonly expected?: string;
  readonly actual?: string;
}

export interface LakeGrants {
  readonly columns: readonly string[];
  readonly rows: readonly LakeGrantRow[];
  /** Where the live grants were compared: absent locally, where the manifest is the only authority. */
  readonly drift?: { readonly checkedAt: string; readonly differences: readonly LakeGrantDrift[]; /** Set when Lake Formation could not be asked. */ readonly error?: string };
}

export interface LakeSampleQuery {
  readonly title: string;
  /** Who can run it: "datamaster" (the CLI, local lake) or "athena". */
  readonly engine: string;
  readonly principal: string;
  readonly sql: string;
}

/** A table as the manifest names and describes it. */
export interface LakeTableIdentity {
  readonly ref: string;
  readonly layer: string;
  readonly name: string;
  readonly domain: string;
  readonly owner: string;
  readonly description: string;
}

/** GET /tables/:ref — everything the manifest says about a table. */
export interface LakeTableDetails extends LakeTableIdentity {
  readonly catalogTable?: string;
  readonly primaryKey: readonly string[];
  readonly partitionBy: readonly string[];
  readonly freshnessObjective?: string;
  readonly manifestFile: string;
  readonly columns: readonly LakeColumnView[];
  readonly lineage: LakeLineage;
  readonly grants: LakeGrants;
  readonly sampleQueries: readonly LakeSampleQuery[];
}

/** A Step Functions execution as DescribeExecution returns it. */
export interface LakeExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate?: string;
  readonly stopDate?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** The state machine that writes a table (ingestion for bronze, processing for silver and gold), with its latest executions. */
export interface LakeStateMachine {
  readonly name: string;
  readonly stateMachineArn: string;
  readonly executions: readonly LakeExecution[];
}

/** One unit of ledger work on the table: a raw object to bronze, or a commit to follow. */
export interface LakeRun {
  readonly recordId: string;
  readonly objectKey: string;
  readonly status: LedgerStatus;
  readonly attempts: number;
  readonly computeTarget?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  readonly rowsIn?: number;
  readonly rowsOut?: number;
  readonly rowsQuarantined?: number;
  readonly error?: string;
  readonly executionArn?: string;
  /** The execution that ran it, read from Step Functions; absent when it could not be found. */
  readonly execution?: LakeExecution;
}

/** One Iceberg snapshot of the table. */
export interface LakeSnapshot {
  readonly id: string;
  readonly at: string;
  readonly operation?: string;
  readonly addedRecords?: number;
  readonly deletedRecords?: number;
  readonly totalRecords?: number;
}

/** GET /tables/:ref/status — what the ledger, Step Functions and the catalog say now. */
export interface LakeTableLiveStatus {
  readonly ref: string;
  readonly checkedAt: string;
  readonly status: TableStatus;
  readonly ledger: Readonly<Record<LedgerStatus, number>>;
  readonly runs: readonly LakeRun[];
  /** Absent when Step Functions does not know the machine (e.g. nothing has run on a new lake home yet). */
  readonly stateMachine?: LakeStateMachine;
  readonly snapshots: readonly LakeSnapshot[];
}

/** GET /tables — one line per lake table, for the overview. */
export interface LakeTableSummary extends LakeTableIdentity {
  readonly status: TableStatus;
}
