// `datamaster process` on AWS: one execution of the deployed processing state machine, with the input the local
// runner gives the same definition, followed until it ends.
import { randomUUID } from 'node:crypto';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionName, type ProcessingInput } from '@datamaster/lake-contract';
import type { DeploymentOutputs } from './deployment-outputs.js';

export interface ExecutionOutcome {
  readonly executionArn: string;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
  readonly output?: unknown;
}

export class ProcessingNotDeployedError extends Error {
  override readonly name = 'ProcessingNotDeployedError';
}

const ENDED = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

function stateMachineOf(deployment: DeploymentOutputs): string {
  if (deployment.processingStateMachine !== undefined) return deployment.processingStateMachine;
  throw new ProcessingNotDeployedError(`Stage ${deployment.stage} has no processing stack in ${deployment.region} (datamaster-${deployment.stage}-processing): deploy it (npx nx run infra:deploy -- -c stage=${deployment.stage}) to run silver and gold there.`);
}

export async function startProcessing(deployment: DeploymentOutputs, input: ProcessingInput, now = new Date()): Promise<string> {
  const client = new SFNClient({});
  try {
    // Unique per run, readable in the console: when it started, and by whom (this CLI).
    const name = executionName('cli', now.toISOString().replace(/[:.]/g, '-'), randomUUID().slice(0, 8));
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: stateMachineOf(deployment), name, input: JSON.stringify(input) }));
    return started.executionArn ?? '';
  } finally {
    client.destroy();
  }
}

export interface AwaitExecutionOptions {
  readonly timeoutMs: number;
  readonly pollMs?: number;
}

/** The execution once it ended, or as it is when the time is up (status RUNNING). */
export async function awaitExecution(executionArn: string, options: AwaitExecutionOptions): Promise<ExecutionOutcome> {
  const client = new SFNClient({});
  const deadline = Date.now() + options.timeoutMs;
  try {
    for (;;) {
      const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
      const status = execution.status ?? 'UNKNOWN';
      if (ENDED.includes(status) || Date.now() >= deadline) {
        return {
          executionArn,
          status,
          ...(execution.error ? { error: execution.error } : {}),
          ...(execution.cause ? { cause: execution.cause } : {}),
          ...(execution.output ? { output: JSON.parse(execution.output) as unknown } : {}),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2000));
    }
  } finally {
    client.destroy();
  }
}
