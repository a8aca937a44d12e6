// The engine port: what the processing driver hands an engine, and what it gets back. The embedded engine
// (DuckDB, in process) and the Spark engine (a local job server, or EMR Serverless on AWS) are two adapters.
import type { JobCommit, ProcessingJobLayer } from '@datamaster/lake-contract';

/** One job, as the processing state machine starts it: --layer, --table, --execution-id, --work. */
export interface JobRequest {
  readonly layer: ProcessingJobLayer;
  readonly table: string;
  readonly executionId: string;
  /** The work file's object key (work/<layer>/<table>/<workId>.json). */
  readonly workKey: string;
}

export interface ProcessingEngine {
  /** "embedded" or "spark": recorded as the ledger records' compute target. */
  readonly name: string;
  /** Runs the work and commits it; returns the snapshot that holds it. Never touches the ledger. */
  runJob(request: JobRequest): Promise<JobCommit>;
}
