// Runs the processing state machine (the ASL file Step Functions runs on AWS) on this machine: the claim,
// settle and fail tasks run in this process, as the Lambdas would, and each job goes to the engine given,
// with the --layer/--table/--execution-id/--work arguments EMR Serverless would pass.
import { randomUUID } from 'node:crypto';
import { LOCAL_AWS_LOCATION, PROCESSING_STATE_MACHINE, PROCESSING_STATE_MACHINE_NAME, executionArn, executionName, processingInput, substituteDefinition, type ClaimOutcome, type JobCommit, type JobResult, type ProcessingJobLayer, type ProcessingLayers } from '@datamaster/lake-contract';
import type { LakeTable } from '@datamaster/lake-manifest';
import { runLocally, type JsonValue, type LocalTaskHandler } from '@datamaster/orchestration';
import { claimWork } from './claim-work.js';
import type { ProcessingContext } from './context.js';
import type { JobRequest, ProcessingEngine } from './engine.js';
import { InvalidJobArgumentsError, NotProcessableTableError, ProcessingExecutionError } from './errors.js';
import { causeOf, failWork } from './fail-work.js';
import { settleWork } from './settle-work.js';

export interface ProcessingOptions {
  readonly layers: ProcessingLayers;
  /** Only these tables ("beer" or "silver.beer"); default: every table of the layers. */
  readonly tables?: readonly string[];
  /** Default: a new execution ARN of the processing state machine (with the context's journal, it must be one). */
  readonly executionId?: string;
  /** Called as each table's job ends (or finds nothing to do), for progress output. */
  readonly onJobDone?: (result: JobResult) => void;
  /** Called after a job committed and before its settle: a test stops the process here to prove recovery. */
  readonly afterCommit?: (commit: JobCommit) => void | Promise<void>;
}

export interface JobFailure {
  readonly ref: string;
  readonly error: string;
}

export interface ProcessingRun {
  readonly executionId: string;
  readonly engine: string;
  readonly results: readonly JobResult[];
  readonly failures: readonly JobFailure[];
  readonly durationMs: number;
}

// Step Functions fills these at deployment; locally each task is a handler in this process (the bench reads them too).
export const LOCAL_SUBSTITUTIONS = {
  ProcessingApplicationId: 'local',
  AnalyticsApplicationId: 'local',
  ProcessingJobRoleArn: 'local',
  SparkEntryPoint: 'local',
  SparkSubmitParameters: '',
  ClaimWorkFunctionArn: 'local:claim-work',
  SettleWorkFunctionArn: 'local:settle-work',
  FailWorkFunctionArn: 'local:fail-work',
};

/** The --layer/--table/--execution-id/--work arguments of an EMR Serverless StartJobRun request. */
export function jobRequestOf(startJobRun: JsonValue): JobRequest {
  const args = (startJobRun as { JobDriver?: { SparkSubmit?: { EntryPointArguments?: string[] } } }).JobDriver?.SparkSubmit?.EntryPointArguments ?? [];
  const value = (flag: string) => {
    const index = args.indexOf(flag);
    return index < 0 ? undefined : args[index + 1];
  };
  const [layer, table, executionId, workKey] = ['--layer', '--table', '--execution-id', '--work'].map(value);
  if ((layer !== 'silver' && layer !== 'gold') || table === undefined || executionId === undefined || workKey === undefined) throw new InvalidJobArgumentsError(args);
  return { layer, table, executionId, workKey };
}

/** The tables a run processes: every table of the layers, or the ones named ("beer" or "silver.beer"). */
export function processingTables(tables: readonly LakeTable[], options: Pick<ProcessingOptions, 'layers' | 'tables'>): LakeTable[] {
  const inLayers = tables.filter((t) => options.layers === 'all' || t.layer === options.layers);
  if (options.tables === undefined || options.tables.length === 0) return inLayers;
  return options.tables.map((name) => {
    const found = inLayers.find((t) => t.ref === name || t.name === name);
    if (found === undefined) throw new NotProcessableTableError(name, inLayers.map((t) => t.ref));
    return found;
  });
}

/** A Lambda task's local stand-in: the Payload in, {Payload: result} out, as lambda:invoke answers. */
function lambda<I, O>(task: (payload: I) => Promise<O>): LocalTaskHandler {
  return async (input) => ({ Payload: (await task((input as { Payload: JsonValue }).Payload as I)) as unknown as JsonValue });
}

function nothingDone(claim: ClaimOutcome): JobResult {
  return { ref: claim.ref, status: 'nothing-to-do', records: claim.recovered, rowsIn: 0, rowsWritten: 0, filesAdded: 0, partitionsRewritten: 0, downstream: [], recovered: claim.recovered, held: claim.held, durationMs: 0 };
}

export async function runProcessing(context: ProcessingContext, engine: ProcessingEngine, options: ProcessingOptions): Promise<ProcessingRun> {
  const started = Date.now();
  const ctx: ProcessingContext = { ...context, engine: engine.name };
  const input = processingInput(processingTables(ctx.lake.tables, options));
  const executionId = options.executionId ?? executionArn(LOCAL_AWS_LOCATION, PROCESSING_STATE_MACHINE_NAME, executionName(new Date().toISOString().replace(/[:.]/g, '-'), randomUUID().slice(0, 8)));
  const results: JobResult[] = [];
  const failures: JobFailure[] = [];
  const done = (result: JobResult) => {
    results.push(result);
    options.onJobDone?.(result);
    return result;
  };
  const claimStarted = new Map<string, number>();
  const claim = lambda(async (request: { layer: ProcessingJobLayer; table: string; executionId: string }) => {
    claimStarted.set(`${request.layer}.${request.table}`, Date.now());
    const outcome = await claimWork(ctx, request);
    if (outcome.status === 'nothing-to-do') done({ ...nothingDone(outcome), durationMs: Date.now() - (claimStarted.get(outcome.ref) ?? Date.now()) });
    return outcome;
  });
  const job: LocalTaskHandler = async (request) => {
    const commit = await engine.runJob(jobRequestOf(request));
    await options.afterCommit?.(commit);
    return commit as unknown as JsonValue;
  };
  const settle = lambda(async (request: Parameters<typeof settleWork>[1]) => done(await settleWork(ctx, request)));
  const fail = lambda(async (request: Parameters<typeof failWork>[1]) => {
    failures.push({ ref: `${request.layer}.${request.table}`, error: causeOf(request.error) });
    return failWork(ctx, request);
  });
  const handlers: Record<string, LocalTaskHandler> = {};
  for (const stage of ['Silver', 'DerivedSilver', 'Gold']) {
    Object.assign(handlers, { [`Claim${stage}Work`]: claim, [`Run${stage}Job`]: job, [`Settle${stage}Work`]: settle, [`Fail${stage}Work`]: fail });
  }
  const execution = await runLocally(substituteDefinition(PROCESSING_STATE_MACHINE, LOCAL_SUBSTITUTIONS), input, { executionId, handlers, journal: ctx.journal });
  if (execution.status === 'FAILED') throw new ProcessingExecutionError(executionId, execution.error?.error ?? 'States.Runtime', execution.error?.cause ?? '');
  // A claim that failed before any work was taken is caught without a FailWork: report it too.
  for (const error of claimErrors(execution.output)) if (!failures.some((f) => f.ref === error.ref)) failures.push(error);
  return { executionId, engine: engine.name, results, failures, durationMs: Date.now() - started };
}

function claimErrors(output: JsonValue | undefined): JobFailure[] {
  const stages = output as Record<string, { layer: string; table: string; claim?: unknown; error?: { Error?: string; Cause?: string } }[] | undefined>;
  return ['silverResults', 'derivedSilverResults', 'goldResults'].flatMap((stage) =>
    (stages[stage] ?? []).filter((item) => item.error !== undefined && item.claim === undefined).map((item) => ({ ref: `${item.layer}.${item.table}`, error: causeOf(item.error ?? {}) })),
  );
}
