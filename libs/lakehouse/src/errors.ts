// Typed errors of the embedded engine; each names the offending value and what to do.

export class NotLocalLocationError extends Error {
  override readonly name = 'NotLocalLocationError';
  constructor(readonly location: string) {
    super(`The embedded engine reads and writes local files only, but got "${location}". Run this table on the Spark engine, or point the lake home at a file:// warehouse.`);
  }
}

/** The engine's part of a job failed; the ledger records keep the message and are retried. */
export class JobFailedError extends Error {
  override readonly name = 'JobFailedError';
  constructor(
    readonly ref: string,
    cause: unknown,
  ) {
    super(`${ref}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
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
