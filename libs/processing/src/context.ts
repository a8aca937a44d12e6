// What the claim, settle and fail tasks need: the ledger, the object store the work files go to, and the
// lake's Iceberg tables. The same on AWS (Lambda handlers) and locally (handlers in the CLI process).
import type { ControlLedger } from '@datamaster/control-ledger';
import type { LakeTables } from '@datamaster/iceberg';
import type { LeaseHolder, LineageContext, MetricsSink } from '@datamaster/lake-contract';
import type { ExecutionJournal } from '@datamaster/orchestration';
import type { ObjectStore } from '@datamaster/storage';

export interface ProcessingContext {
  readonly ledger: ControlLedger;
  readonly store: ObjectStore;
  readonly lake: LakeTables;
  /** Lease on claimed records; default PROCESSING_LEASE_MS. */
  readonly leaseMs?: number;
  /** At most this many records per job; default MAX_RECORDS_PER_JOB. */
  readonly maxRecordsPerJob?: number;
  /** The process that claims (locally: for takeover once it is gone). */
  readonly holder?: LeaseHolder;
  /** Locally: true when the process holding a lease is gone, so its work is taken over at once. On AWS: absent (leases expire). */
  readonly holderGone?: (holder: LeaseHolder) => boolean;
  /** Locally: where runProcessing records its executions, as Step Functions would keep them. On AWS: absent (Step Functions keeps them). */
  readonly journal?: ExecutionJournal;
  readonly clock?: () => Date;
  /** Where each job's metrics go (EMF lines): stdout on AWS, the lake home locally. */
  readonly metrics?: MetricsSink;
  /** Where each job's OpenLineage events go, and how its datasets are named. */
  readonly lineage?: LineageContext;
  /** The engine the jobs run on ("embedded", "spark"), for the metrics of a job that failed before it could say. */
  readonly engine?: string;
}

/** The lease owner of one table's job in one execution. */
export function leaseOwner(executionId: string, ref: string): string {
  return `${executionId}/${ref}`;
}
