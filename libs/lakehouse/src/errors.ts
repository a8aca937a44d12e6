// Typed errors of the embedded engine; each names the offending value and what to do.

export class NotLocalLocationError extends Error {
  override readonly name = 'NotLocalLocationError';
  constructor(readonly location: string) {
    super(`The embedded engine reads and writes local files only, but got "${location}". Run this table on the Spark engine, or point the lake home at a file:// warehouse.`);
  }
}

/** A job was asked for a table the lake manifest does not process in that layer. */
export class NotProcessableTableError extends Error {
  override readonly name = 'NotProcessableTableError';
  constructor(
    readonly ref: string,
    known: readonly string[],
  ) {
    super(`"${ref}" is not a table the engine builds. Tables it builds: ${known.join(', ')}`);
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

/** A processing job started without the arguments every engine takes. */
export class InvalidJobArgumentsError extends Error {
  override readonly name = 'InvalidJobArgumentsError';
  constructor(readonly args: readonly string[]) {
    super(`A processing job needs --layer silver|gold, --table <name> and --execution-id <id>; got ${JSON.stringify(args)}`);
  }
}

/** The processing state machine itself failed (not a table: those are caught and reported per table). */
export class ProcessingExecutionError extends Error {
  override readonly name = 'ProcessingExecutionError';
  constructor(
    readonly executionId: string,
    readonly error: string,
    readonly causeText: string,
  ) {
    super(`Processing execution ${executionId} failed: ${error}: ${causeText}`);
  }
}
