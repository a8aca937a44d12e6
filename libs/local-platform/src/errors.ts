/** The lake home's ledger server could not be started or joined; the message names the home, the reason and the server's log. */
export class LedgerServerError extends Error {
  override readonly name = 'LedgerServerError';
  constructor(
    readonly home: string,
    readonly logFile: string,
    detail: string,
    options?: { cause?: unknown; logTail?: string },
  ) {
    const said = options?.logTail ? `, which ends with:\n${options.logTail}` : '';
    super(`The control ledger's server for the lake home ${home} is not available: ${detail}. Its log: ${logFile}${said}`, options);
  }
}
