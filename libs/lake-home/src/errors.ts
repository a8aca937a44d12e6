/** The lake home is missing, or its config cannot be used; the message says how to fix it. */
export class LakeHomeError extends Error {
  override readonly name = 'LakeHomeError';
  constructor(
    message: string,
    readonly home: string,
  ) {
    super(message);
  }
}
