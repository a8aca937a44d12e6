// Optimistic concurrency for writers: re-read the table and re-apply the change when another writer won.
import { CommitConflictError, CommitRetriesExhaustedError } from '../errors.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import type { Catalog } from './catalog.js';
import { tableName, type IcebergTable, type TableIdentifier } from './table.js';

export interface CommitRetryOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts?: number;
  /** Base delay before a retry; doubled per attempt, with jitter so racing writers spread out. */
  readonly backoffMs?: number;
}

/**
 * Builds the change against the current table and commits it; on a conflict, reloads the table and
 * builds again, so a change is always applied to the latest state (no lost updates). A build that finds
 * nothing to change (undefined: another writer made the change already) commits nothing; the table is returned.
 */
export async function commitWithRetry(
  catalog: Catalog,
  identifier: TableIdentifier,
  buildUpdate: (table: IcebergTable) => Promise<TableMetadata | undefined>,
  options: CommitRetryOptions = {},
): Promise<IcebergTable> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const backoffMs = options.backoffMs ?? 20;
  let lastConflict: CommitConflictError | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const table = await catalog.loadTable(identifier);
    try {
      const metadata = await buildUpdate(table);
      return metadata === undefined ? table : await catalog.commitTable(table, metadata);
    } catch (error) {
      if (!(error instanceof CommitConflictError)) throw error;
      lastConflict = error;
      if (attempt < maxAttempts) await sleep(backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
  throw new CommitRetriesExhaustedError(tableName(identifier), maxAttempts, lastConflict as CommitConflictError);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
