import { describe, expect, it } from 'vitest';
import { PROCESSING_STATE_MACHINE, definitionPlaceholders, substituteDefinition } from '@datamaster/lake-contract';
import { MissingLocalHandlerError, runLocally, type JsonValue } from './local-runner.js';

const LOCAL_VALUES = {
  ProcessingApplicationId: 'local-processing',
  AnalyticsApplicationId: 'local-analytics',
  ProcessingJobRoleArn: 'local:role',
  SparkEntryPoint: 'local:main.py',
  SparkSubmitParameters: '--conf spark.local=true',
};
const definition = substituteDefinition(PROCESSING_STATE_MACHINE, LOCAL_VALUES);
const input = { silverTables: ['brewery', 'beer', 'profile', 'review'], derivedSilverTables: ['review_flat'], goldTables: ['top_beers_by_rating', 'top_drinkers'] };

type Job = { layer: string; table: string; executionId: string };
/** The job arguments as EMR Serverless would pass them to the Spark entry point. */
function jobOf(request: JsonValue): Job {
  const args = ((request as { JobDriver: { SparkSubmit: { EntryPointArguments: string[] } } }).JobDriver.SparkSubmit.EntryPointArguments);
  const value = (flag: string) => args[args.indexOf(flag) + 1] as string;
  return { layer: value('--layer'), table: value('--table'), executionId: value('--execution-id') };
}

describe('processing state machine', () => {
  it('declares the deployment placeholders it needs', () => {
    expect(definitionPlaceholders(PROCESSING_STATE_MACHINE)).toEqual(Object.keys(LOCAL_VALUES).sort());
  });

  it('merges the silver tables in parallel, then builds review_flat, then the gold tables; each job gets --layer, --table and the execution id', async () => {
    const order: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const job = async (request: JsonValue) => {
      const { layer, table, executionId } = jobOf(request);
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 30));
      running--;
      order.push(`${layer}.${table}`);
      return { ref: `${layer}.${table}`, executionId };
    };
    const execution = await runLocally(definition, input, {
      executionId: 'arn:local:execution:processing:run-1',
      handlers: { MergeSilverTable: job, BuildDerivedSilverTable: job, RecomputeGoldTable: job },
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(order.slice(0, 4).sort()).toEqual(['silver.beer', 'silver.brewery', 'silver.profile', 'silver.review']);
    expect(order[4]).toBe('silver.review_flat');
    expect(order.slice(5).sort()).toEqual(['gold.top_beers_by_rating', 'gold.top_drinkers']);
    const output = execution.output as { goldResults: { result: { executionId: string } }[] };
    expect(output.goldResults[0]?.result.executionId).toBe('arn:local:execution:processing:run-1');
  });

  it('catches a failing table without stopping the others, and reports its error in the output', async () => {
    const ran: string[] = [];
    const job = (request: JsonValue) => {
      const { layer, table } = jobOf(request);
      if (table === 'beer') throw new Error('beer bronze file unreadable');
      ran.push(`${layer}.${table}`);
      return { ok: true };
    };
    const execution = await runLocally(definition, input, { executionId: 'run-2', handlers: { MergeSilverTable: job, BuildDerivedSilverTable: job, RecomputeGoldTable: job } });
    expect(execution.status).toBe('SUCCEEDED');
    expect(ran).toContain('silver.review');
    expect(ran).toContain('gold.top_drinkers');
    const silver = (execution.output as { silverResults: { table: string; error?: { Cause: string } }[] }).silverResults;
    expect(silver.find((r) => r.table === 'beer')?.error?.Cause).toContain('beer bronze file unreadable');
    expect(silver.find((r) => r.table === 'review')?.error).toBeUndefined();
  });

  it('needs a local handler for the Task states inside the Maps', async () => {
    await expect(runLocally(definition, input, { executionId: 'run-3', handlers: { MergeSilverTable: () => null } })).rejects.toThrow(MissingLocalHandlerError);
  });
});
