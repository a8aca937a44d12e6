// The kinds every error of the platform is one of, whatever library throws it, so that a caller (the CLI, a
// Lambda handler, the portal's backend) can answer by kind — 404, 409, 400 — without knowing each class.

export type ErrorKind = 'not-found' | 'conflict' | 'invalid-input';

export abstract class DatamasterError extends Error {
  abstract readonly kind: ErrorKind;
}

/** Something named does not exist: a table, a record, a principal. The message names it and what exists. */
export abstract class NotFoundError extends DatamasterError {
  readonly kind = 'not-found' as const;
}

/** The state changed under the caller, or does not allow the operation now: retry, or wait for it. */
export abstract class ConflictError extends DatamasterError {
  readonly kind = 'conflict' as const;
}

/** The input is wrong and will stay wrong: the message names the input and the fix. */
export abstract class InvalidInputError extends DatamasterError {
  readonly kind = 'invalid-input' as const;
}
