import { PROCESSING_STATE_MACHINE, definitionPlaceholders, substituteDefinition } from '@datamaster/lake-contract';
import { describe, expect, it } from 'vitest';
import { MissingLocalHandlerError, runLocally, validateDefinition, type JsonValue, type LocalTaskHandler } from './local-runner.js';

const LOCAL_VALUES = {
  ProcessingApplicationId: 'local-processing',
  AnalyticsApplicationId: 'local-analytics',
  ProcessingJobRoleArn: 'local:role',
  SparkEntryPoint: 'local:main.py',
  SparkSubmitParameters: '--conf spark.local=true',
  ClaimWorkFunctionArn: 'local:claim',
  SettleWorkFunctionArn: 'local:settle',
  FailWorkFunctionArn: 'local:fail',
};
const definition = substituteDefinition(PROCESSING_STATE_MACHINE, LOCAL_VALUES);
const input = { silverTables: ['brewery', 'beer', 'profile', 'review'], derivedSilverTables: ['review_flat'], goldTables: ['top_beers_by_rating', 'top_drinkers'] };

type Table = { layer: string; table: string; executionId: string };
const payload = (request: JsonValue) => (request as { Payload: Table }).Payload;
/** The job arguments as EMR Serverless would pass them to the Spark entry point. */
function argsOf(request: JsonValue): string[] {
  return (request as { JobDriver: { SparkSubmit: { EntryPointArguments: string[] } } }).JobDriver.SparkSubmit.EntryPointArguments;
}

function handlers(tasks: { claim: LocalTaskHandler; job: LocalTaskHandler; settle: LocalTaskHandler; fail: LocalTaskHandler }): Record<string, LocalTaskHandler> {
  return Object.fromEntries(['Silver', 'DerivedSilver', 'Gold'].flatMap((s) => [[`Claim${s}Work`, tasks.claim], [`Run${s}Job`, tasks.job], [`Settle${s}Work`, tasks.settle], [`Fail${s}Work`, tasks.fail]]));
}

const claimed = (request: JsonValue) => {
  const { layer, table } = payload(request);
  return { Payload: { ref: `${layer}.${table}`, status: 'claimed', workKey: `work/${layer}/${table}/w1.json`, records: 1, recovered: 0, held: [] } };
};

describe('processing state machine', () => {
  it('declares the deployment placeholders it needs', () => {
    expect(definitionPlaceholders(PROCESSING_STATE_MACHINE)).toEqual(Object.keys(LOCAL_VALUES).sort());
  });

  // The first validation in a process compiles the ASL validator's schemas: seconds, more on a loaded machine.
  it('is valid ASL as substituted', () => {
    expect(() => validateDefinition(definition)).not.toThrow();
  }, 30_000);

  it('per table claims, runs the job with the work file, then settles; silver in parallel, then review_flat, then gold', async () => {
    const order: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const job = async (request: JsonValue) => {
      const args = argsOf(request);
      const ref = `${args[1]}.${args[3]}`;
      expect(args).toEqual(['--layer', args[1], '--table', args[3], '--execution-id', 'arn:local:execution:processing:run-1', '--work', `work/${args[1]}/${args[3]}/w1.json`]);
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 30));
      running--;
      order.push(ref);
      return {};
    };
    const settled: string[] = [];
    const settle = (request: JsonValue) => {
      const { layer, table } = payload(request);
      settled.push(`${layer}.${table}`);
      return { Payload: { ref: `${layer}.${table}`, status: 'committed' } };
    };
    const execution = await runLocally(definition, input, { executionId: 'arn:local:execution:processing:run-1', handlers: handlers({ claim: claimed, job, settle, fail: () => ({}) }) });
    expect(execution.status).toBe('SUCCEEDED');
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(order.slice(0, 4).sort()).toEqual(['silver.beer', 'silver.brewery', 'silver.profile', 'silver.review']);
    expect(order[4]).toBe('silver.review_flat');
    expect(order.slice(5).sort()).toEqual(['gold.top_beers_by_rating', 'gold.top_drinkers']);
    expect(settled.sort()).toEqual([...order].sort());
    const output = execution.output as { goldResults: { result: { outcome: { status: string } } }[] };
    expect(output.goldResults[0]?.result.outcome.status).toBe('committed');
  });

  it('starts no job for a table with nothing claimed', async () => {
    const jobs: string[] = [];
    const nothing = (request: JsonValue) => ({ Payload: { ref: payload(request).table, status: 'nothing-to-do', records: 0, recovered: 0, held: [] } });
    const execution = await runLocally(definition, input, {
      executionId: 'run-2',
      handlers: handlers({ claim: nothing, job: (r) => (jobs.push(argsOf(r)[3] as string), {}), settle: () => ({ Payload: {} }), fail: () => ({}) }),
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(jobs).toEqual([]);
  });

  it('fails a failing table\'s work with the job\'s error and goes on with the others', async () => {
    const failed: { table: string; cause: string }[] = [];
    const job = (request: JsonValue) => {
      if (argsOf(request)[3] === 'beer') throw new Error('beer bronze file unreadable');
      return {};
    };
    const fail = (request: JsonValue) => {
      const { table, error } = (request as { Payload: Table & { error: { Cause: string } } }).Payload;
      failed.push({ table, cause: error.Cause });
      return { Payload: {} };
    };
    const settled: string[] = [];
    const execution = await runLocally(definition, input, {
      executionId: 'run-3',
      handlers: handlers({ claim: claimed, job, settle: (r) => (settled.push(payload(r).table), { Payload: {} }), fail }),
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(failed).toEqual([{ table: 'beer', cause: expect.stringContaining('beer bronze file unreadable') }]);
    expect(settled).toContain('review');
    expect(settled).toContain('top_drinkers');
    expect(settled).not.toContain('beer');
  });

  it('needs a local handler for the Task states inside the Maps', async () => {
    await expect(runLocally(definition, input, { executionId: 'run-4', handlers: { ClaimSilverWork: () => null } })).rejects.toThrow(MissingLocalHandlerError);
  });
});
