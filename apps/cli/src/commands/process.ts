import { Argument, type Command } from 'commander';
import type { JobCommit, JobResult } from '@datamaster/lake-contract';
import { PROCESSING_LAYERS, type ProcessingLayers } from '@datamaster/lake-contract/vocabulary';
import type { ProcessingRun } from '@datamaster/processing';
import type { CommandContext } from '../context.js';
import { engineOption, openEngine, type EngineName } from '../engines.js';
import { withLakehouse } from '../lakehouse.js';
import { inTurn } from '../lake-writes.js';
import { processOnAws } from '../aws/process-on-aws.js';
import { parseNumberOption } from './seed.js';

/**
 * Fault injection for the crash tests: with DATAMASTER_FAULT=kill-after-commit:<ref>, the process kills
 * itself (SIGKILL, no cleanup) right after that table's job committed and before its settle, the moment a
 * real crash would leave a commit whose ledger records still say running.
 */
export const FAULT_ENV = 'DATAMASTER_FAULT';
const KILL_AFTER_COMMIT = 'kill-after-commit:';

interface ProcessOptions {
  tables?: string[];
  engine: EngineName;
  wait: boolean;
  timeout: number;
  json?: boolean;
}

/** Thrown after the report when some tables failed: their ledger records keep the error and are retried. */
export class ProcessingFailedError extends Error {
  override readonly name = 'ProcessingFailedError';
  constructor(run: ProcessingRun) {
    super(`${run.failures.length} table(s) failed: ${run.failures.map((f) => `${f.ref} (${f.error})`).join('; ')}. See \`datamaster status --layer silver\` and re-drive with \`datamaster reprocess\`.`);
  }
}

function heldText(result: JobResult): string {
  return result.held.map((h) => `${h.records} record(s) leased by ${h.owner} until ${h.until}`).join('; ');
}

export function printJobResult(ctx: CommandContext, result: JobResult): void {
  const { colors } = ctx.output;
  const seconds = `${(result.durationMs / 1000).toFixed(1)} s`;
  const recovered = result.recovered > 0 ? `, ${result.recovered} record(s) settled from an earlier run's commit` : '';
  const held = result.held.length > 0 ? `; waiting: ${heldText(result)}` : '';
  if (result.status === 'nothing-to-do') {
    ctx.output.line(`${colors.dim('·')} ${result.ref.padEnd(30)} ${colors.dim(`nothing to do (${seconds})${recovered}${held}`)}`);
    return;
  }
  const detail = `${result.records} input(s), ${result.rowsIn.toLocaleString('en-US')} rows in, ${result.rowsWritten.toLocaleString('en-US')} rows written in ${result.partitionsRewritten} partition(s), snapshot ${result.snapshotId}${recovered}${held}`;
  ctx.output.line(`${colors.green('✔')} ${result.ref.padEnd(30)} ${detail} (${seconds})`);
}

function faultAfterCommit(env: NodeJS.ProcessEnv): ((commit: JobCommit) => void) | undefined {
  const fault = env[FAULT_ENV];
  if (fault === undefined || !fault.startsWith(KILL_AFTER_COMMIT)) return undefined;
  const ref = fault.slice(KILL_AFTER_COMMIT.length);
  return (commit) => {
    if (commit.ref === ref) process.kill(process.pid, 'SIGKILL');
  };
}

export function registerProcess(program: Command, ctx: CommandContext): void {
  program
    .command('process')
    .description('Run silver (MERGE of the new bronze files, then review_flat), gold (the touched months), or all, through the processing state machine (on the embedded engine unless --engine spark).')
    .addArgument(new Argument('<layers>', 'what to process').choices(PROCESSING_LAYERS))
    .option('--tables <names...>', 'only these tables (e.g. beer review_flat)')
    .addOption(engineOption())
    .option('--no-wait', 'with --target aws:<stage>: only start the execution')
    .option('--timeout <seconds>', 'with --target aws:<stage>: how long to wait for the execution to end', parseNumberOption('--timeout', false), 3600)
    .option('--json', 'print the run as JSON')
    .action(async (layers: ProcessingLayers, options: ProcessOptions, command: Command) => {
      const target = ctx.target(command);
      const tables = options.tables?.flatMap((t) => t.split(',')).filter(Boolean);
      if (target.kind === 'aws') {
        await processOnAws(ctx, { stage: target.stage, layers, ...(tables ? { tables } : {}), wait: options.wait, timeoutSeconds: options.timeout, json: options.json });
        return;
      }
      const [{ runProcessing }, { planManifestChange }] = await Promise.all([import('@datamaster/processing'), import('@datamaster/lake-contract')]);
      await withLakehouse(ctx, command, (lakehouse, platform) => inTurn(ctx, platform, async () => {
        // Schema changes were applied as the lake opened; a changed transform, masking or partitioning needs its
        // backfill or rebuild, which only apply runs.
        const { backfills } = planManifestChange(await lakehouse.lake.deployedVersion(lakehouse.ensured), lakehouse.lake.version);
        if (backfills.length > 0) {
          ctx.output.error(
            ctx.output.colors.yellow(`${backfills.join(', ')}: waiting for \`datamaster apply\` (\`datamaster plan\` says why: a changed transform, masking or partitioning). This run recomputes only the partitions its new data touches; \`datamaster apply\` recomputes the rest.`),
          );
        }
        const { engine, close } = await openEngine(ctx, platform, lakehouse, options.engine, Boolean(options.json));
        const afterCommit = faultAfterCommit(ctx.streams.env);
        const run = await runProcessing(lakehouse.processing, engine, {
          layers,
          ...(tables === undefined ? {} : { tables }),
          ...(options.json ? {} : { onJobDone: (result: JobResult) => printJobResult(ctx, result) }),
          ...(afterCommit === undefined ? {} : { afterCommit }),
        }).finally(close);
        if (options.json) ctx.output.json(run);
        else for (const failure of run.failures) ctx.output.line(`${ctx.output.colors.red('✖')} ${failure.ref.padEnd(30)} ${failure.error}`);
        if (run.failures.length > 0) throw new ProcessingFailedError(run);
      }));
    });
}
