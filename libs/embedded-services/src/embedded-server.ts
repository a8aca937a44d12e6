/** A real AWS-API server on loopback: point an AWS SDK client at `endpoint` with this region and these credentials. */
export interface EmbeddedServer {
  /** e.g. http://127.0.0.1:54321 */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Stops the server and releases its port, files and processes. Calling it again is harmless. */
  stop(): Promise<void>;
}

/** Both servers answer as this region; the SDK signs requests for it. */
export const EMBEDDED_REGION = 'us-east-1';

/** Memoizes an async shutdown so that a second stop() waits for the first instead of failing. */
export function stopOnce(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}
