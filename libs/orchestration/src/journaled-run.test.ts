import { describe, expect, it } from 'vitest';
import { INGESTION_STATE_MACHINE, INGESTION_STATE_MACHINE_NAME, LOCAL_AWS_LOCATION, executionArn, stateMachineArn, substituteDefinition } from '@datamaster/lake-contract';
import { NotAnExecutionArnError, type ExecutionJournal, type JournaledExecution } from './execution-journal.js';
import { runLocally, type JsonValue } from './local-runner.js';

const definition = substituteDefinition(INGESTION_STATE_MACHINE, {
  BronzeLambdaArn: 'local:bronze-lambda',
  EcsClusterArn: 'local:cluster',
  BronzeTaskDefinitionArn: 'local:bronze-task',
  PrivateSubnetIds: 'subnet-a',
  WorkerSecurityGroupId: 'sg-local',
  LedgerFailureLambdaArn: 'local:ledger-failure',
});
const arn = (name: string) => executionArn(LOCAL_AWS_LOCATION, INGESTION_STATE_MACHINE_NAME, name);

/** Keeps every record call, as the run made it. */
function recordingJournal(): ExecutionJournal & { readonly records: JournaledExecution[] } {
  const records: JournaledExecution[] = [];
  return {
    records,
    record: async (execution) => void records.push(structuredClone(execution)),
    executions: async () => [],
    execution: async () => undefined,
    firstRecorded: async () => undefined,
  };
}

describe('a journaled local run', () => {
  it('is recorded as RUNNING with its input before any state runs, then as SUCCEEDED with its output and history', async () => {
    const journal = recordingJournal();
    const seenByWorker: JsonValue[] = [];
    const execution = await runLocally(definition, { recordId: 'r1', estimatedRecords: 10, objectSize: 500 }, {
      executionId: arn('r1-attempt-1-abc'),
      journal,
      handlers: {
        BronzeLambda: (input) => {
          seenByWorker.push(journal.records.map((r) => r.status));
          return { Payload: { status: 'succeeded', executionId: (input as { Payload: { executionId: string } }).Payload.executionId } };
        },
        BronzeEcsTask: () => ({}),
        RecordFailure: () => ({}),
      },
    });
    expect(seenByWorker).toEqual([['RUNNING']]);
    const [started, ended] = journal.records;
    expect(started).toEqual({
      executionArn: arn('r1-attempt-1-abc'),
      stateMachineArn: stateMachineArn(LOCAL_AWS_LOCATION, INGESTION_STATE_MACHINE_NAME),
      name: 'r1-attempt-1-abc',
      status: 'RUNNING',
      startDate: expect.any(String),
      input: '{"recordId":"r1","estimatedRecords":10,"objectSize":500}',
      history: [{ id: 1, previousEventId: 0, timestamp: started?.startDate, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"recordId":"r1","estimatedRecords":10,"objectSize":500}', inputDetails: { truncated: false } } }],
    });
    expect(ended).toMatchObject({ status: 'SUCCEEDED', startDate: started?.startDate, output: JSON.stringify(execution.output) });
    expect(ended?.history.map((e) => e.type)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ChoiceStateExited', 'TaskStateEntered', 'TaskStateExited', 'ExecutionSucceeded']);
    expect(ended?.history[0]?.timestamp).toBe(started?.startDate);
    expect(ended?.stopDate).toBe(ended?.history.at(-1)?.timestamp);
    // The context object names the execution as the Step Functions ARN.
    expect(execution.output).toMatchObject({ result: { outcome: { executionId: arn('r1-attempt-1-abc') } } });
  });

  it('is recorded as FAILED with the Fail state\'s error and cause, and a failed Task with the cause its Catch passed on', async () => {
    const journal = recordingJournal();
    const caught: JsonValue[] = [];
    await runLocally(definition, { recordId: 'r2', estimatedRecords: 10, objectSize: 500 }, {
      executionId: arn('r2-attempt-1-abc'),
      journal,
      handlers: {
        BronzeLambda: () => {
          const reason = new Error('"x" is not a number');
          throw Object.assign(new Error('column review_overall: "x" is not a number', { cause: reason }), { name: 'BronzeConversionError' });
        },
        BronzeEcsTask: () => ({}),
        RecordFailure: (input) => (caught.push((input as { Payload: { error: JsonValue } }).Payload.error), {}),
      },
    });
    expect(caught).toEqual([{ Error: 'BronzeConversionError', Cause: 'column review_overall: "x" is not a number' }]);
    const ended = journal.records.at(-1);
    expect(ended).toMatchObject({ status: 'FAILED', error: 'IngestionFailed', cause: expect.stringContaining('The bronze worker failed') });
    expect(ended?.output).toBeUndefined();
    expect(ended?.history.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails)).toEqual([
      { resourceType: 'lambda', resource: 'invoke', error: 'BronzeConversionError', cause: 'column review_overall: "x" is not a number' },
    ]);
    expect(ended?.history.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'IngestionFailed' } });
  });

  it('refuses an execution id that is not an ARN before anything runs', async () => {
    const journal = recordingJournal();
    let ran = false;
    const run = runLocally(definition, { recordId: 'r3', estimatedRecords: 10, objectSize: 500 }, {
      executionId: 'e3',
      journal,
      handlers: { BronzeLambda: () => ((ran = true), {}), BronzeEcsTask: () => ({}), RecordFailure: () => ({}) },
    });
    await expect(run).rejects.toThrow(NotAnExecutionArnError);
    expect(ran).toBe(false);
    expect(journal.records).toEqual([]);
  });
});
