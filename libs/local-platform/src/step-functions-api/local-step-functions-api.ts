// The Step Functions API of the local platform, on loopback: the executions the local runs recorded in the lake home's
// journal, served over AWS JSON 1.0 (`X-Amz-Target: AWSStepFunctions.<Operation>`), so that a reader written with
// @aws-sdk/client-sfn reads them as it reads AWS's, with only the endpoint changed. Read-only; any SigV4 credentials.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOCAL_AWS_LOCATION } from '@datamaster/lake-contract';
import type { LakeHome } from '@datamaster/lake-home';
import { FileExecutionJournal, type ExecutionJournal } from '@datamaster/orchestration/journal';
import { StepFunctionsApiError } from './api-error.js';
import { stepFunctionsOperations, type Operation } from './operations.js';

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Requests are a few fields; a larger body is not a Step Functions read. */
const MAX_BODY_BYTES = 1 << 20;

export type LocalStepFunctionsApiOptions = ({ readonly home: LakeHome } | { readonly journal: ExecutionJournal }) & {
  /** Default 0: a free port. */
  readonly port?: number;
};

export interface LocalStepFunctionsApi {
  /** e.g. http://127.0.0.1:54321: a client's `endpoint`. */
  readonly endpoint: string;
  /** The region the state machine ARNs name; a client may use any. */
  readonly region: string;
  /** Any credentials sign for it; these are for a client that needs some. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Stops listening and closes open connections; calling it again is harmless. */
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new StepFunctionsApiError('SerializationException', `The request body is over ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new StepFunctionsApiError('SerializationException', `The request body is not JSON: ${(error as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new StepFunctionsApiError('SerializationException', 'The request body is not a JSON object.');
  return body as Record<string, unknown>;
}

async function answer(operations: Readonly<Record<string, Operation>>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const target = request.headers['x-amz-target'];
    const name = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
    const operation = name === undefined || request.method !== 'POST' || !Object.hasOwn(operations, name) ? undefined : operations[name];
    if (operation === undefined) {
      throw new StepFunctionsApiError('UnknownOperationException', `${request.method} with X-Amz-Target ${JSON.stringify(target ?? null)}: the local Step Functions API serves POST with ${Object.keys(operations).map((op) => TARGET_PREFIX + op).join(', ')}.`);
    }
    send(response, 200, await operation(await readBody(request)));
  } catch (error) {
    if (error instanceof StepFunctionsApiError) send(response, 400, { __type: error.type, message: error.message });
    else send(response, 500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
  }
}

/** Starts the API on 127.0.0.1, reading the home's execution journal (or the journal given). */
export async function startLocalStepFunctionsApi(options: LocalStepFunctionsApiOptions): Promise<LocalStepFunctionsApi> {
  const journal = 'journal' in options ? options.journal : new FileExecutionJournal(options.home.executionsDir);
  const operations = stepFunctionsOperations(journal, { startedAt: new Date() });
  const server = createServer((request, response) => void answer(operations, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: LOCAL_AWS_LOCATION.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Clients keep connections alive between requests; close() would otherwise wait for them to go.
        server.closeAllConnections();
      })),
  };
}
