// Typed errors of the embedded engine; each names the offending value and what to do.
import type { EngineSessionOptions } from './engine/duckdb-session.js';

export class NotLocalLocationError extends Error {
  override readonly name = 'NotLocalLocationError';
  constructor(readonly location: string) {
    super(`The embedded engine reads and writes local files only, but got "${location}". Run this table on the Spark engine, or point the lake home at a file:// warehouse.`);
  }
}

/** The engine's part of a job failed; the ledger records keep the message and are retried. */
export class JobFailedError extends Error {
  override readonly name: string = 'JobFailedError';
  constructor(
    readonly ref: string,
    cause: unknown,
    /** What the message says of the cause; by default its own message. */
    explanation = cause instanceof Error ? cause.message : String(cause),
  ) {
    super(`${ref}: ${explanation}`, { cause });
  }
}

const MiB = 2 ** 20;
const decimalSize = (bytes: number) => (bytes >= 1e9 ? `${Number((bytes / 1e9).toFixed(2))} GB` : `${Math.round(bytes / 1e6)} MB`);

/**
 * A job's DuckDB ran out of memory: the message names the budget in force, where it was set and how to raise it,
 * then DuckDB's own error. Only its first paragraph: the remedies DuckDB lists after it (SET threads, SET
 * memory_limit) are settings of a DuckDB session, not the user's to run; the whole text stays in `cause`.
 */
export class EngineOutOfMemoryError extends JobFailedError {
  override readonly name = 'EngineOutOfMemoryError';
  constructor(ref: string, limits: EngineSessionOptions, cause: Error) {
    const duckdb = cause.message.split('\n\n')[0] as string;
    const threads = limits.threads === undefined ? '' : ` on ${limits.threads} thread(s)`;
    const held = limits.memoryLimitBytes === undefined ? "DuckDB's default (80% of RAM)" : `${(limits.memoryLimitBytes / MiB).toFixed(0)} MiB`;
    const budget =
      limits.budget === undefined
        ? `DuckDB ran out of memory under its limit of ${held}${threads}.`
        : `DuckDB ran out of memory under the processing budget of ${decimalSize(limits.budget.bytes)} (${limits.budget.source}), of which it may hold ${held}${threads}.`;
    super(ref, cause, `${budget} Raise the budget: --memory-limit for one command, or processing.memoryLimit in the lake home's config.json for every command. DuckDB: ${duckdb}`);
  }
}

export class BronzeFileWithoutFieldIdsError extends Error {
  override readonly name = 'BronzeFileWithoutFieldIdsError';
  constructor(readonly path: string) {
    super(
      `bronze file ${path} has no Parquet field ids, so its columns cannot be matched to the manifest's and nothing was read; ` +
        'bronze files are written with field ids by `datamaster ingest` and the bronze workers: ingest its extract again',
    );
  }
}

/** A derived table partitioned by columns none of its inputs has together: which partitions it has is unknown. */
export class RebuildPartitionsError extends Error {
  override readonly name = 'RebuildPartitionsError';
  constructor(
    readonly ref: string,
    partitionColumns: readonly string[],
    upstream: readonly string[],
  ) {
    super(`${ref} cannot be rebuilt: none of its inputs (${upstream.join(', ')}) has all of its partition columns (${partitionColumns.join(', ')}), so its partitions are unknown. Partition it by columns one of its inputs has.`);
  }
}
