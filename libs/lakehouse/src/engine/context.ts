// What every embedded-engine job needs: the lake's tables, the object store with the bronze files and the
// work files, and the DuckDB session. No ledger: the processing driver's claim and settle tasks own it.
import type { LakeTables } from '@datamaster/iceberg';
import type { ObjectStore } from '@datamaster/storage';
import type { EngineSession } from './duckdb-session.js';

export interface LakehouseContext {
  readonly lake: LakeTables;
  /** Where bronze objects and work files are. */
  readonly store: ObjectStore;
  readonly session: EngineSession;
}

/** What the embedded engine records as the engine of its commits (and the ledger as compute target). */
export const EMBEDDED_ENGINE = 'embedded';
