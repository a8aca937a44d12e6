// Typed errors of the processing driver; each names the offending value and what to do.
import { ConflictError, InvalidInputError, NotFoundError } from '@datamaster/lake-manifest';

export class InvalidWorkFileError extends InvalidInputError {
  override readonly name = 'InvalidWorkFileError';
  constructor(
    readonly key: string,
    readonly problem: string,
  ) {
    super(`The work file ${key} cannot be read: ${problem}. Claim the work again (\`datamaster process\` does).`);
  }
}

/** The settle task found no snapshot that consumed the work: the job ended without committing it. */
export class WorkNotCommittedError extends ConflictError {
  override readonly name = 'WorkNotCommittedError';
  constructor(
    readonly ref: string,
    readonly workId: string,
  ) {
    super(`${ref}: the job ended, but no snapshot of the table carries work ${workId}; its records are failed and retried.`);
  }
}

/** A job was asked for a table the lake manifest does not process. */
export class NotProcessableTableError extends NotFoundError {
  override readonly name = 'NotProcessableTableError';
  constructor(
    readonly ref: string,
    known: readonly string[],
  ) {
    super(`"${ref}" is not a table the processing jobs build. Tables they build: ${known.join(', ')}`);
  }
}

/** A processing job started without the arguments every engine takes. */
export class InvalidJobArgumentsError extends InvalidInputError {
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

/** A partitioned derived table none of whose inputs is partitioned like it: which partitions to recompute is unknown. */
export class BackfillPartitionsError extends InvalidInputError {
  override readonly name = 'BackfillPartitionsError';
  constructor(
    readonly ref: string,
    partitionColumns: readonly string[],
    upstream: readonly string[],
  ) {
    super(
      `${ref} cannot be backfilled: it is partitioned by (${partitionColumns.join(', ')}), and none of its inputs (${upstream.join(', ')}) is, so the partitions to recompute are unknown. Partition it like one of its inputs.`,
    );
  }
}

/** A processing task on AWS was deployed with an incomplete or bad environment. */
export class TaskEnvironmentError extends InvalidInputError {
  override readonly name = 'TaskEnvironmentError';
  constructor(readonly problems: readonly string[]) {
    super(`The processing task's environment is incomplete: ${problems.join('; ')}. The CDK stacks set it.`);
  }
}
