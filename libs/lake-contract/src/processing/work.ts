// A processing job's inputs and outputs, the same for every engine (DuckDB embedded, Spark on EMR
// Serverless). The claim task writes a work file; the job reads it, commits, and records in the commit's
// snapshot summary which work it consumed; the settle task reads that summary back. A job never touches the
// ledger, so the ledger has one implementation, and a crash between the commit and the settle is recovered
// from the summary instead of merging the same input twice.

export type PartitionValue = string | number | null;
/** A partition by its columns' values, e.g. {"review_year": 2024, "review_month": 1}; {} when unpartitioned. */
export type PartitionValues = Readonly<Record<string, PartitionValue>>;

export const PROCESSING_JOB_LAYERS = ['silver', 'gold'] as const;
export type ProcessingJobLayer = (typeof PROCESSING_JOB_LAYERS)[number];
/** What one processing run is asked for: a layer's jobs, or silver then gold. */
export const PROCESSING_LAYERS = [...PROCESSING_JOB_LAYERS, 'all'] as const;
export type ProcessingLayers = (typeof PROCESSING_LAYERS)[number];

/** One bronze object a silver job merges (a ledger record of layer silver). */
export interface WorkInput {
  readonly recordId: string;
  readonly objectKey: string;
  readonly etag: string;
  readonly objectSize: number;
  /** Rows in the object, as its bronze worker counted them. */
  readonly rows: number;
}

export const WORK_FILE_VERSION = 1;

/** The work file: everything a job consumes, fixed at claim time. */
export interface ProcessingWork {
  readonly version: typeof WORK_FILE_VERSION;
  readonly workId: string;
  readonly layer: ProcessingJobLayer;
  readonly table: string;
  readonly executionId: string;
  readonly claimedAt: string;
  /** The table's current snapshot when the work was claimed (decimal string; null: never written). */
  readonly baseSnapshotId: string | null;
  /** Silver of a source table: the bronze objects to merge, oldest first. */
  readonly inputs: readonly WorkInput[];
  /** Derived tables: the partitions to recompute (the union of what the upstream commits changed). */
  readonly partitions: readonly PartitionValues[];
  /** Derived tables: each upstream table's snapshot at claim time, which the job reads (null: empty table). */
  readonly upstreamSnapshots: Readonly<Record<string, string | null>>;
  /** The ledger records this work settles. */
  readonly recordIds: readonly string[];
}

/** Snapshot summary properties a job's commit carries, read back by the settle task. */
export const COMMIT_SUMMARY = {
  /** The work the commit consumed: a rerun finds it and settles instead of merging again. */
  workId: 'datamaster.work-id',
  /** JSON: the partitions of each downstream table this commit invalidates. */
  downstreamPartitions: 'datamaster.downstream-partitions',
  partitionsRewritten: 'datamaster.partitions-rewritten',
  rowsIn: 'datamaster.rows-in',
  /** "embedded" or "spark": the engine that committed. */
  engine: 'datamaster.engine',
} as const;

/** What a job returns: the snapshot that holds its work (committed now, or by an earlier attempt). */
export interface JobCommit {
  readonly ref: string;
  readonly workId: string;
  readonly snapshotId: string;
  /** True when an earlier attempt of the same work had committed it already (nothing was merged again). */
  readonly alreadyCommitted: boolean;
}

/** The commit as the settle task reads it from the snapshot summary. */
export interface CommittedWork {
  readonly snapshotId: string;
  readonly metadataLocation: string;
  readonly rowsIn: number;
  readonly rowsWritten: number;
  readonly filesAdded: number;
  readonly bytesWritten: number;
  readonly partitionsRewritten: number;
  readonly downstreamPartitions: readonly PartitionValues[];
  readonly engine: string;
}

/** A run's lease on work it holds, as another run sees it. */
export interface HeldWork {
  readonly owner: string;
  readonly until: string;
  readonly records: number;
}

/** The claim task's answer: work to run, or why there is none. */
export interface ClaimOutcome {
  readonly ref: string;
  readonly status: 'claimed' | 'nothing-to-do';
  readonly workId?: string;
  readonly workKey?: string;
  /** Records claimed for this job. */
  readonly records: number;
  /** Records whose earlier attempt had committed: settled from that commit, not run again. */
  readonly recovered: number;
  /** Work that waits under another live run's lease. */
  readonly held: readonly HeldWork[];
}

/** One table's outcome in a processing run, as `datamaster process` prints it. */
export interface JobResult {
  readonly ref: string;
  /** "nothing-to-do" when no ledger work was due. */
  readonly status: 'committed' | 'nothing-to-do';
  /** Ledger records consumed. */
  readonly records: number;
  readonly rowsIn: number;
  /** Rows written (the new content of the rewritten partitions). */
  readonly rowsWritten: number;
  readonly filesAdded: number;
  readonly partitionsRewritten: number;
  readonly snapshotId?: string;
  /** Tables handed new work by this run, e.g. ["silver.review_flat"]. */
  readonly downstream: readonly string[];
  /** Records settled from an earlier attempt's commit (a run that crashed after committing). */
  readonly recovered: number;
  /** Work that waited under another run's lease. */
  readonly held: readonly HeldWork[];
  readonly durationMs: number;
}

/** A new work id: sortable by claim time, unique across runs and machines. */
export function newWorkId(now: Date): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${crypto.randomUUID().slice(0, 8)}`;
}

/** The Spark entry point's arguments for a job, as the processing state machine passes them on EMR Serverless. */
export function jobArguments(work: { readonly layer: string; readonly table: string; readonly executionId: string; readonly workKey: string }): string[] {
  return ['--layer', work.layer, '--table', work.table, '--execution-id', work.executionId, '--work', work.workKey];
}
