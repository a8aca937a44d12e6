// A stand-in for the two calls of the Step Functions API a client follows an execution with (StartExecution and
// DescribeExecution, AWS JSON 1.0 as the AWS SDK sends them), for tests of a command that waits for a deployed state
// machine that cannot run here: moto keeps every execution RUNNING, and the processing machine's jobs run on EMR
// Serverless. It records each execution and the test ends it as the deployed machine would have; it runs nothing.
// Point a client at it alone with AWS_ENDPOINT_URL_SFN, the other services staying on moto.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StandInExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: unknown;
  readonly status: StandInExecutionStatus;
  readonly error?: string;
  readonly cause?: string;
}

export interface StepFunctionsStandIn {
  /** e.g. http://127.0.0.1:54321 */
  readonly url: string;
  readonly executions: ReadonlyMap<string, StandInExecution>;
  /** Resolves with the next execution started (or the first one not yet awaited). */
  nextStarted(timeoutMs: number): Promise<StandInExecution>;
  /** Ends an execution as the state machine would have. */
  end(executionArn: string, status: Exclude<StandInExecutionStatus, 'RUNNING'>, failure?: { error: string; cause: string }): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

class StandInApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const readBody = (request: IncomingMessage) =>
  new Promise<Json>((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text === '' ? {} : (JSON.parse(text) as Json)));
    request.on('error', reject);
  });

export async function startStepFunctionsStandIn(): Promise<StepFunctionsStandIn> {
  const executions = new Map<string, StandInExecution & { startDate: number; stopDate?: number }>();
  const unclaimed: string[] = [];
  const waiters: ((execution: StandInExecution) => void)[] = [];

  const operations: Record<string, (body: Json) => Json> = {
    StartExecution: (body) => {
      const stateMachineArn = String(body['stateMachineArn'] ?? '');
      const match = /^arn:aws[\w-]*:states:([^:]+):(\d+):stateMachine:(.+)$/.exec(stateMachineArn);
      if (match === null) throw new StandInApiError('InvalidArn', `Invalid Arn: '${stateMachineArn}'`);
      const name = String(body['name'] ?? randomUUID());
      const executionArn = `arn:aws:states:${match[1]}:${match[2]}:execution:${match[3]}:${name}`;
      if (executions.has(executionArn)) throw new StandInApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      const execution = { executionArn, stateMachineArn, name, input: JSON.parse(String(body['input'] ?? '{}')) as unknown, status: 'RUNNING' as const, startDate: Date.now() / 1000 };
      executions.set(executionArn, execution);
      const waiter = waiters.shift();
      if (waiter === undefined) unclaimed.push(executionArn);
      else waiter(execution);
      return { executionArn, startDate: execution.startDate };
    },
    DescribeExecution: (body) => {
      const execution = executions.get(String(body['executionArn'] ?? ''));
      if (execution === undefined) throw new StandInApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(body['executionArn'])}'`);
      return { ...execution, input: JSON.stringify(execution.input) };
    },
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const answer = (status: number, body: Json) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
    readBody(request).then(
      (body) => {
        if (operation === undefined) return answer(400, { __type: 'UnknownOperationException', message: `The stand-in answers StartExecution and DescribeExecution, not ${target || '(no X-Amz-Target)'}` });
        try {
          return answer(200, operation(body));
        } catch (error) {
          if (error instanceof StandInApiError) return answer(400, { __type: error.type, message: error.message });
          throw error;
        }
      },
      (error: Error) => answer(400, { __type: 'SerializationException', message: error.message }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    executions,
    nextStarted: (timeoutMs) => {
      const arn = unclaimed.shift();
      if (arn !== undefined) return Promise.resolve(executions.get(arn) as StandInExecution);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`No execution was started within ${timeoutMs} ms.`));
        }, timeoutMs);
        const waiter = (execution: StandInExecution) => {
          clearTimeout(timer);
          resolve(execution);
        };
        waiters.push(waiter);
      });
    },
    end: (executionArn, status, failure) => {
      const execution = executions.get(executionArn);
      if (execution === undefined) throw new Error(`No execution ${executionArn} was started (started: ${[...executions.keys()].join(', ') || 'none'}).`);
      executions.set(executionArn, { ...execution, status, stopDate: Date.now() / 1000, ...(failure ?? {}) });
    },
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
