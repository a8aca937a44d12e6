// What a ledger server publishes about itself: in run/ledger.json for every process, and in its ready message for
// the command that started it.

export interface LedgerEndpoint {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface LedgerRun extends LedgerEndpoint {
  /** The server's process. */
  readonly pid: number;
}

/** The run of a parsed run file or ready message, or undefined when it is not one (torn, foreign, old). */
export function asLedgerRun(value: unknown): LedgerRun | undefined {
  const run = value as Partial<LedgerRun> | null;
  const valid =
    typeof run?.endpoint === 'string' &&
    typeof run.region === 'string' &&
    typeof run.pid === 'number' &&
    typeof run.credentials?.accessKeyId === 'string' &&
    typeof run.credentials.secretAccessKey === 'string';
  return valid ? (run as LedgerRun) : undefined;
}

/** The endpoint part, without the pid: what clients of the ledger are handed. */
export function endpointOf(run: LedgerRun): LedgerEndpoint {
  return { endpoint: run.endpoint, region: run.region, credentials: run.credentials };
}
