// `datamaster process --target aws:<stage>`: one execution of the deployed processing state machine (silver MERGE,
// review_flat, gold on EMR Serverless), with the input the local runner gives the same ASL file.
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

export async function processOnAws(ctx: CommandContext, request: AwsProcessRequest): Promise<void> {
  const [{ awaitExecution, startProcessing }, { processingInput }, { lakeManifest }, { processingTables }] = await Promise.all([
    import('@datamaster/aws-platform'),
    import('@datamaster/lake-contract'),
    import('@datamaster/lake-manifest'),
    import('@datamaster/processing'),
  ]);
  await withAwsPlatform(ctx, request.stage, async ({ deployment }) => {
    const input = processingInput(processingTables(lakeManifest().tables, { layers: request.layers, ...(request.tables ? { tables: [...request.tables] } : {}) }));
    const executionArn = await startProcessing(deployment, input);
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
