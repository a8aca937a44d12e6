import { Argument, Option, type Command } from 'commander';
import { PROCESSING_LAYERS, runProcessing, type JobResult, type ProcessingLayers, type ProcessingRun } from '@datamaster/lakehouse';
import type { CommandContext } from '../context.js';
import { withLakehouse } from '../lakehouse.js';
import { inTurn } from '../lake-writes.js';
import { DEFAULT_SPARK_DIR, sparkJobServer, sparkLogFile } from '../spark-jobs.js';

const ENGINES = ['embedded', 'spark'] as const;

interface ProcessOptions {
  tables?: string[];
  engine: (typeof ENGINES)[number];
  json?: boolean;
}

/** Thrown after the report when some tables failed: their ledger records keep the error and are retried. */
export class ProcessingFailedError extends Error {
  override readonly name = 'ProcessingFailedError';
  constructor(run: ProcessingRun) {
    super(`${run.failures.length} table(s) failed: ${run.failures.map((f) => `${f.ref} (${f.error})`).join('; ')}. See \`datamaster status --layer silver\` and re-drive with \`datamaster reprocess\`.`);
  }
}

export function printJobResult(ctx: CommandContext, result: JobResult): void {
  const { colors } = ctx.output;
  const seconds = `${(result.durationMs / 1000).toFixed(1)} s`;
  if (result.status === 'nothing-to-do') {
    ctx.output.line(`${colors.dim('·')} ${result.ref.padEnd(30)} ${colors.dim(`nothing to do (${seconds})`)}`);
    return;
  }
  const detail = `${result.records} input(s), ${result.rowsIn.toLocaleString('en-US')} rows in, ${result.rowsWritten.toLocaleString('en-US')} rows written in ${result.partitionsRewritten} partition(s), snapshot ${result.snapshotId}`;
  ctx.output.line(`${colors.green('✔')} ${result.ref.padEnd(30)} ${detail} (${seconds})`);
}

export function registerProcess(program: Command, ctx: CommandContext): void {
  program
    .command('process')
    .description('Run silver (MERGE of the new bronze files, then review_flat), gold (the touched months), or all, through the processing state machine (on the embedded engine unless --engine spark).')
    .addArgument(new Argument('<layers>', 'what to process').choices(PROCESSING_LAYERS))
    .option('--tables <names...>', 'only these tables (e.g. beer review_flat)')
    .addOption(new Option('--engine <engine>', 'embedded: DuckDB in this process; spark: the EMR Serverless jobs on local Spark (one Spark application for the run)').choices(ENGINES).default('embedded'))
    .option('--json', 'print the run as JSON')
    .action(async (layers: ProcessingLayers, options: ProcessOptions, command: Command) => {
      await withLakehouse(ctx, command, (lakehouse, platform) => inTurn(ctx, platform, async () => {
        const announce = () => {
          if (!options.json) ctx.output.line(ctx.output.colors.dim(`Starting local Spark for this run (the first results take a while); its log: ${sparkLogFile(platform)}`));
        };
        const spark = options.engine === 'spark' ? sparkJobServer(platform, ctx.streams.env['DATAMASTER_SPARK_DIR'] ?? DEFAULT_SPARK_DIR, ctx.streams.env, announce) : undefined;
        const run = await runProcessing(lakehouse, {
          ...(spark ? { runJob: spark.runJob } : {}),
          layers,
          ...(options.tables === undefined ? {} : { tables: options.tables.flatMap((t) => t.split(',')).filter(Boolean) }),
          ...(options.json ? {} : { onJobDone: (result: JobResult) => printJobResult(ctx, result) }),
        }).finally(() => spark?.close());
        if (options.json) ctx.output.json(run);
        else for (const failure of run.failures) ctx.output.line(`${ctx.output.colors.red('✖')} ${failure.ref.padEnd(30)} ${failure.error}`);
        if (run.failures.length > 0) throw new ProcessingFailedError(run);
      }));
    });
}
