// `datamaster process --target aws:<stage>`: one execution of the deployed processing state machine (silver MERGE,
// review_flat, gold on EMR Serverless), with the input the local runner gives the same ASL file.
import type { DeploymentOutputs } from '@datamaster/aws-platform';
import type { ProcessingInput } from '@datamaster/lake-contract';
import type { ProcessingLayers } from '@datamaster/lake-contract/vocabulary';
import type { CommandContext } from '../context.js';
import { withAwsPlatform } from './with-aws-platform.js';

export interface AwsProcessRequest {
  readonly stage: string;
  readonly layers: ProcessingLayers;
  readonly tables?: readonly string[];
  readonly wait: boolean;
  readonly timeoutSeconds: number;
  readonly json?: boolean;
}

export class AwsProcessingFailedError extends Error {
  override readonly name = 'AwsProcessingFailedError';
}

/** One execution of the deployed processing state machine over these tables, with the input the local runner gives the same ASL file. */
export async function startProcessingOnAws(deployment: DeploymentOutputs, layers: ProcessingLayers, tables?: readonly string[]): Promise<{ executionArn: string; input: ProcessingInput }> {
  const [{ startProcessing }, { processingInput }, { lakeManifest }, { processingTables }] = await Promise.all([
    import('@datamaster/aws-platform'),
    import('@datamaster/lake-contract'),
    import('@datamaster/lake-manifest'),
    import('@datamaster/processing'),
  ]);
  const input = processingInput(processingTables(lakeManifest().tables, { layers, ...(tables ? { tables: [...tables] } : {}) }));
  return { executionArn: await startProcessing(deployment, input), input };
}

export async function processOnAws(ctx: CommandContext, request: AwsProcessRequest): Promise<void> {
  const { awaitExecution } = await import('@datamaster/aws-platform');
  await withAwsPlatform(ctx, request.stage, async ({ deployment }) => {
    const { executionArn, input } = await startProcessingOnAws(deployment, request.layers, request.tables);
    if (!request.wait) {
      if (request.json) ctx.output.json({ executionArn, input });
      else ctx.output.line(`started ${executionArn}`);
      return;
    }
    if (!request.json) ctx.output.line(`started ${executionArn}; waiting for it to end…`);
    const outcome = await awaitExecution(executionArn, { timeoutMs: request.timeoutSeconds * 1000 });
    if (request.json) ctx.output.json({ ...outcome, input });
    else ctx.output.line(`${outcome.status === 'SUCCEEDED' ? ctx.output.colors.green('✔') : ctx.output.colors.red('✖')} ${outcome.status.toLowerCase()}${outcome.error ? `: ${outcome.error}${outcome.cause ? ` (${outcome.cause})` : ''}` : ''}`);
    if (outcome.status === 'RUNNING') throw new AwsProcessingFailedError(`${executionArn} is still running after ${request.timeoutSeconds} s; follow it in the Step Functions console or with \`aws stepfunctions describe-execution --execution-arn ${executionArn}\`.`);
    if (outcome.status !== 'SUCCEEDED') throw new AwsProcessingFailedError(`${executionArn} ended ${outcome.status}; \`datamaster status --layer silver --target aws:${request.stage}\` shows the work it left.`);
  });
}
