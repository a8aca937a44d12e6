// What every embedded-engine job needs: the lake's tables, the ledger, the object store with the
// bronze files, and the DuckDB session.
import type { ControlLedger } from '@datamaster/control-ledger';
import type { SnapshotId } from '@datamaster/iceberg';
import type { ObjectStore } from '@datamaster/storage';
import type { EngineSession } from './duckdb-session.js';
import type { LakeTables } from './lake-tables.js';

export interface LakehouseContext {
  readonly lake: LakeTables;
  readonly ledger: ControlLedger;
  /** Where bronze objects are (the ledger's silver work names their keys). */
  readonly store: ObjectStore;
  readonly session: EngineSession;
  /** Lease on claimed ledger records; a job that dies leaves them to be recovered after it. Default 15 min. */
  readonly leaseMs?: number;
  /** At most this many ledger records per job run. Default 5000. */
  readonly maxRecordsPerRun?: number;
}

export interface JobRequest {
  readonly layer: 'silver' | 'gold';
  readonly table: string;
  readonly executionId: string;
}

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
  readonly snapshotId?: SnapshotId;
  /** Tables handed new work by this run, e.g. ["silver.review_flat"]. */
  readonly downstream: readonly string[];
  readonly durationMs: number;
}

export const DEFAULT_LEASE_MS = 15 * 60_000;
export const DEFAULT_MAX_RECORDS_PER_RUN = 5000;

export function nothingToDo(ref: string, started: number): JobResult {
  return { ref, status: 'nothing-to-do', records: 0, rowsIn: 0, rowsWritten: 0, filesAdded: 0, partitionsRewritten: 0, downstream: [], durationMs: Date.now() - started };
}
