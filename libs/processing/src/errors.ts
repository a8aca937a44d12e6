// Typed errors of the processing driver; each names the offending value and what to do.

export class InvalidWorkFileError extends Error {
  override readonly name = 'InvalidWorkFileError';
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`The work file ${key} cannot be read: ${problem}. Claim the work again (\`datamaster process\` does).`);
  }
}

/** The settle task found no snapshot that consumed the work: the job ended without committing it. */
export class WorkNotCommittedError extends Error {
  override readonly name = 'WorkNotCommittedError';
  constructor(
    readonly ref: string,
    readonly workId: string,
  ) {
    super(`${ref}: the job ended, but no snapshot of the table carries work ${workId}; its records are failed and retried.`);
  }
}

/** A job was asked for a table the lake manifest does not process. */
export class NotProcessableTableError extends Error {
  override readonly name = 'NotProcessableTableError';
  constructor(
    readonly ref: string,
    known: readonly string[],
  ) {
    super(`"${ref}" is not a table the processing jobs build. Tables they build: ${known.join(', ')}`);
  }
}

/** A processing job started without the arguments every engine takes. */
export class InvalidJobArgumentsError extends Error {
  override readonly name = 'InvalidJobArgumentsError';
  constructor(readonly args: readonly string[]) {
    super(`A processing job needs --layer silver|gold, --table <name>, --execution-id <id> and --work <key>; got ${JSON.stringify(args)}`);
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
