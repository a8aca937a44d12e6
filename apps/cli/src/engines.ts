// The processing engine a command runs its jobs on: the embedded one (DuckDB in this process), or local Spark
// (the EMR Serverless jobs, one Spark application for the command), shared by `process` and `apply`.
import { Option } from 'commander';
import type { LocalPlatform } from '@datamaster/local-platform';
import type { LocalLakehouse } from '@datamaster/local-platform/lakehouse';
import type { ProcessingEngine } from '@datamaster/processing';
import type { CommandContext } from './context.js';

export const ENGINES = ['embedded', 'spark'] as const;
export type EngineName = (typeof ENGINES)[number];

export function engineOption(): Option {
  return new Option('--engine <engine>', 'embedded: DuckDB in this process; spark: the EMR Serverless jobs on local Spark (one Spark application for the run)').choices(ENGINES).default('embedded');
}

/** The engine, and what stops it once the command is done with it. */
export async function openEngine(ctx: CommandContext, platform: LocalPlatform, lakehouse: LocalLakehouse, name: EngineName, quiet: boolean): Promise<{ engine: ProcessingEngine; close(): Promise<void> | void }> {
  if (name === 'embedded') {
    const { embeddedEngine } = await import('@datamaster/lakehouse');
    return { engine: embeddedEngine(lakehouse), close: () => undefined };
  }
  const { defaultSparkDir, sparkJobServer, sparkLogFile } = await import('./spark-jobs.js');
  const announce = () => {
    if (!quiet) ctx.output.line(ctx.output.colors.dim(`Starting local Spark for this run (the first results take a while); its log: ${sparkLogFile(platform)}`));
  };
  const spark = sparkJobServer(platform, ctx.streams.env['DATAMASTER_SPARK_DIR'] ?? defaultSparkDir(), ctx.streams.env, announce);
  return { engine: spark, close: () => spark.close() };
}
