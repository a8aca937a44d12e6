// Runs the processing state machine (the ASL file Step Functions runs on AWS) on this machine: each
// job the machine would start on EMR Serverless runs on the embedded engine instead, with the same
// --layer/--table/--execution-id arguments.
import { randomUUID } from 'node:crypto';
import { PROCESSING_STATE_MACHINE, runLocally, substituteDefinition, type JsonValue } from '@datamaster/orchestration';
import type { LakeTable } from '@datamaster/lake-manifest';
import type { JobRequest, JobResult, LakehouseContext } from '../engine/context.js';
import { runJob } from '../engine/run-job.js';
import { InvalidJobArgumentsError, NotProcessableTableError, ProcessingExecutionError } from '../errors.js';

export const PROCESSING_LAYERS = ['silver', 'gold', 'all'] as const;
export type ProcessingLayers = (typeof PROCESSING_LAYERS)[number];

export interface ProcessingOptions {
  readonly layers: ProcessingLayers;
  /** Only these tables ("beer" or "silver.beer"); default: every table of the layers. */
  readonly tables?: readonly string[];
  readonly executionId?: string;
  /** Called as each job ends, for progress output. */
  readonly onJobDone?: (result: JobResult) => void;
  /** Runs one job; default: the embedded engine in this process. The Spark engine runs each as a Spark application. */
  readonly runJob?: (request: JobRequest) => Promise<JobResult>;
}

export interface JobFailure {
  readonly ref: string;
  readonly error: string;
}

export interface ProcessingRun {
  readonly executionId: string;
  readonly results: readonly JobResult[];
  readonly failures: readonly JobFailure[];
  readonly durationMs: number;
}

// Step Functions fills these at deployment; locally nothing reads them.
const LOCAL_SUBSTITUTIONS = {
  ProcessingApplicationId: 'local',
  AnalyticsApplicationId: 'local',
  ProcessingJobRoleArn: 'local',
  SparkEntryPoint: 'local',
  SparkSubmitParameters: '',
};

/** The --layer/--table/--execution-id arguments of an EMR Serverless StartJobRun request. */
export function jobRequestOf(startJobRun: JsonValue): JobRequest {
  const args = (startJobRun as { JobDriver?: { SparkSubmit?: { EntryPointArguments?: string[] } } }).JobDriver?.SparkSubmit?.EntryPointArguments ?? [];
  const value = (flag: string) => {
    const index = args.indexOf(flag);
    return index < 0 ? undefined : args[index + 1];
  };
  const layer = value('--layer');
  const table = value('--table');
  const executionId = value('--execution-id');
  if ((layer !== 'silver' && layer !== 'gold') || table === undefined || executionId === undefined) {
    throw new InvalidJobArgumentsError(args);
  }
  return { layer, table, executionId };
}

function selectTables(ctx: LakehouseContext, options: ProcessingOptions): LakeTable[] {
  const all = ctx.lake.tables;
  const inLayers = all.filter((t) => options.layers === 'all' || t.layer === options.layers);
  if (options.tables === undefined || options.tables.length === 0) return inLayers;
  return options.tables.map((name) => {
    const found = inLayers.find((t) => t.ref === name || t.name === name);
    if (found === undefined) throw new NotProcessableTableError(name, inLayers.map((t) => t.ref));
    return found;
  });
}

export async function runProcessing(ctx: LakehouseContext, options: ProcessingOptions): Promise<ProcessingRun> {
  const started = Date.now();
  const tables = selectTables(ctx, options);
  const names = (pick: (t: LakeTable) => boolean) => tables.filter(pick).map((t) => t.name);
  const input = {
    silverTables: names((t) => t.layer === 'silver' && t.source !== undefined),
    derivedSilverTables: names((t) => t.layer === 'silver' && t.source === undefined),
    goldTables: names((t) => t.layer === 'gold'),
  };
  const executionId = options.executionId ?? `arn:datamaster:local:execution:processing:${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const results: JobResult[] = [];
  const job = async (request: JsonValue): Promise<JsonValue> => {
    const jobRequest = jobRequestOf(request);
    const result = await (options.runJob ?? ((r: JobRequest) => runJob(ctx, r)))(jobRequest);
    results.push(result);
    options.onJobDone?.(result);
    return result as unknown as JsonValue;
  };
  const execution = await runLocally(substituteDefinition(PROCESSING_STATE_MACHINE, LOCAL_SUBSTITUTIONS), input, {
    executionId,
    handlers: { MergeSilverTable: job, BuildDerivedSilverTable: job, RecomputeGoldTable: job },
  });
  if (execution.status === 'FAILED') throw new ProcessingExecutionError(executionId, execution.error?.error ?? 'States.Runtime', execution.error?.cause ?? '');
  return { executionId, results, failures: failuresOf(execution.output), durationMs: Date.now() - started };
}

/** The tables the machine's Catch states recorded as failed. */
function failuresOf(output: JsonValue | undefined): JobFailure[] {
  const stages = output as Record<string, { layer: string; table: string; error?: { Cause?: string } }[] | undefined>;
  return ['silverResults', 'derivedSilverResults', 'goldResults'].flatMap((stage) =>
    (stages[stage] ?? []).filter((item) => item.error !== undefined).map((item) => ({ ref: `${item.layer}.${item.table}`, error: causeOf(item.error?.Cause) })),
  );
}

function causeOf(cause: string | undefined): string {
  if (cause === undefined) return 'unknown error';
  try {
    // Step Functions wraps a task's error as JSON {errorMessage, ...}; the local runner gives the message.
    return (JSON.parse(cause) as { errorMessage?: string }).errorMessage ?? cause;
  } catch {
    return cause;
  }
}
