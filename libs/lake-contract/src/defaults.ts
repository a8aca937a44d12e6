// The platform's default values, each named once for what it governs. Workers, the local runtime, the CDK
// stacks and the Spark jobs (through the exported contract) read them from here.

/** How long a bronze worker's claim on a raw object's record holds before another worker may take it over. */
export const INGESTION_LEASE_MS = 5 * 60_000;

/** How long a processing run's claim on a table's work holds (a Spark job on EMR may take many minutes). */
export const PROCESSING_LEASE_MS = 15 * 60_000;

/** Attempts per ledger record before it goes dead (`datamaster reprocess` re-drives it). */
export const MAX_ATTEMPTS = 3;

/** The wait before a retry: baseMs × 2^(attempts − 1), at most capMs. */
export const RETRY_BACKOFF = { baseMs: 2_000, capMs: 300_000 } as const;

/** At most this many ledger records in one processing job; the rest wait for the next run. */
export const MAX_RECORDS_PER_JOB = 5000;

/** Raw objects estimated at up to this many records go to the bronze Lambda; larger ones to the ECS task. */
export const LAMBDA_MAX_RECORDS = 100_000;

/**
 * Raw objects larger than this (compressed bytes) go to the ECS task whatever their record estimate: few but wide
 * rows (long review texts), or an object whose estimate failed (0), must not meet the Lambda's 15-minute timeout
 * and memory. 100,000 rows of the seed's tables take 0.1–2 MiB gzip'd, so only such objects are moved.
 */
export const LAMBDA_MAX_OBJECT_BYTES = 64 * 2 ** 20;

/** Processing jobs the state machine runs at once, per stage (its Maps' MaxConcurrency). */
export const PROCESSING_CONCURRENCY = { silver: 4, derivedSilver: 1, gold: 5 } as const;
