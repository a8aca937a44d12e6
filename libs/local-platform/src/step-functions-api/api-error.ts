// An error the local Step Functions API answers with, as AWS JSON 1.0 carries it: its `__type` is the Step
// Functions exception name the AWS SDK turns into the matching error class (ExecutionDoesNotExist, InvalidArn, …).
export class StepFunctionsApiError extends Error {
  override readonly name = 'StepFunctionsApiError';
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** The "1 validation error detected" answer of a request field that breaks its constraint. */
export function validationError(field: string, value: unknown, constraint: string): StepFunctionsApiError {
  return new StepFunctionsApiError('ValidationException', `1 validation error detected: Value ${JSON.stringify(value)} at '${field}' failed to satisfy constraint: ${constraint}`);
}
