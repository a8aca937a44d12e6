import { describe, expect, it } from 'vitest';
import { INGESTION_STATE_MACHINE, LAMBDA_MAX_OBJECT_BYTES, LAMBDA_MAX_RECORDS, definitionPlaceholders, ingestionCompute, substituteDefinition } from '@datamaster/lake-contract';
import { InvalidStateMachineError, MissingLocalHandlerError, runLocally, validateDefinition, type JsonValue } from './local-runner.js';

const LOCAL_ARNS = {
  BronzeLambdaArn: 'local:bronze-lambda',
  EcsClusterArn: 'local:cluster',
  BronzeTaskDefinitionArn: 'local:bronze-task',
  PrivateSubnetIds: 'subnet-a,subnet-b',
  WorkerSecurityGroupId: 'sg-local',
  LedgerFailureLambdaArn: 'local:ledger-failure',
};
const definition = substituteDefinition(INGESTION_STATE_MACHINE, LOCAL_ARNS);

function recorder() {
  const calls: { state: string; input: JsonValue }[] = [];
  const handler = (state: string, result: JsonValue | (() => never)) => (input: JsonValue) => {
    calls.push({ state, input });
    return typeof result === 'function' ? result() : result;
  };
  return { calls, handler };
}

describe('ingestion state machine', () => {
  it('declares the deployment placeholders it needs', () => {
    expect(definitionPlaceholders(INGESTION_STATE_MACHINE)).toEqual(Object.keys(LOCAL_ARNS).sort());
    expect(() => substituteDefinition(INGESTION_STATE_MACHINE, {})).toThrow(/No value for state machine placeholder\(s\) \$\{BronzeLambdaArn\}/);
  });

  it('sends up to 100,000 estimated records to the Lambda worker', async () => {
    const { calls, handler } = recorder();
    const execution = await runLocally(definition, { recordId: 'r1', estimatedRecords: 100_000, objectSize: 2_000_000 }, {
      executionId: 'arn:local:execution:ingestion:e1',
      handlers: { BronzeLambda: handler('BronzeLambda', { Payload: { status: 'succeeded' } }), BronzeEcsTask: handler('BronzeEcsTask', {}), RecordFailure: handler('RecordFailure', {}) },
    });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.statesEntered).toEqual(['ChooseCompute', 'BronzeLambda']);
    expect(calls).toEqual([
      {
        state: 'BronzeLambda',
        input: { FunctionName: 'local:bronze-lambda', Payload: { recordId: 'r1', computeTarget: 'lambda', executionId: 'arn:local:execution:ingestion:e1' } },
      },
    ]);
    expect(execution.output).toMatchObject({ result: { outcome: { status: 'succeeded' } } });
  });

  it('sends larger objects to the ECS task, with the record id in its environment', async () => {
    const { calls, handler } = recorder();
    const execution = await runLocally(definition, { recordId: 'r2', estimatedRecords: 100_001, objectSize: 2_000_000 }, {
      executionId: 'e2',
      handlers: { BronzeLambda: handler('BronzeLambda', {}), BronzeEcsTask: handler('BronzeEcsTask', { StopCode: 'EssentialContainerExited' }), RecordFailure: handler('RecordFailure', {}) },
    });
    expect(execution.statesEntered).toEqual(['ChooseCompute', 'BronzeEcsTask']);
    const input = calls[0]!.input as { Overrides: { ContainerOverrides: { Environment: unknown[] }[] }; NetworkConfiguration: unknown };
    expect(input.Overrides.ContainerOverrides[0]!.Environment).toEqual([
      { Name: 'RECORD_ID', Value: 'r2' },
      { Name: 'EXECUTION_ID', Value: 'e2' },
    ]);
    expect(input.NetworkConfiguration).toEqual({ AwsvpcConfiguration: { Subnets: ['subnet-a', 'subnet-b'], SecurityGroups: ['sg-local'], AssignPublicIp: 'DISABLED' } });
  });

  it('chooses the compute as the contract rule does: over either limit goes to ECS', async () => {
    const cases = [
      { estimatedRecords: 0, objectSize: 0 },
      { estimatedRecords: LAMBDA_MAX_RECORDS, objectSize: LAMBDA_MAX_OBJECT_BYTES },
      { estimatedRecords: LAMBDA_MAX_RECORDS + 1, objectSize: 1 },
      // Few but wide rows, or an object whose estimate failed (0): its size alone sends it to ECS.
      { estimatedRecords: 10, objectSize: LAMBDA_MAX_OBJECT_BYTES + 1 },
      { estimatedRecords: 0, objectSize: 10 * 2 ** 30 },
    ];
    const chosen = [];
    for (const [i, input] of cases.entries()) {
      const execution = await runLocally(definition, { recordId: `c${i}`, ...input }, {
        executionId: `c${i}`,
        handlers: { BronzeLambda: () => ({ Payload: {} }), BronzeEcsTask: () => ({}), RecordFailure: () => ({}) },
      });
      chosen.push(execution.statesEntered[1] === 'BronzeLambda' ? 'lambda' : 'ecs');
    }
    expect(chosen).toEqual(cases.map(ingestionCompute));
    expect(chosen).toEqual(['lambda', 'lambda', 'ecs', 'ecs', 'ecs']);
  });

  it('retries a throttled Lambda, then records a worker failure and fails the execution', async () => {
    let attempts = 0;
    const throttled = () => {
      attempts += 1;
      throw Object.assign(new Error('Rate exceeded'), { name: 'Lambda.TooManyRequestsException' });
    };
    const { calls, handler } = recorder();
    const execution = await runLocally(definition, { recordId: 'r3', estimatedRecords: 10, objectSize: 500 }, {
      executionId: 'e3',
      handlers: { BronzeLambda: throttled, BronzeEcsTask: handler('BronzeEcsTask', {}), RecordFailure: handler('RecordFailure', {}) },
    });
    expect(attempts).toBe(3);
    expect(execution.status).toBe('FAILED');
    expect(execution.error?.error).toBe('IngestionFailed');
    expect(execution.statesEntered).toEqual(['ChooseCompute', 'BronzeLambda', 'RecordFailure', 'IngestionFailed']);
    expect(calls[0]!.input).toMatchObject({ FunctionName: 'local:ledger-failure', Payload: { recordId: 'r3', error: { Error: 'Lambda.TooManyRequestsException' } } });
  });

  it('does not retry a worker failure (the ledger owns those retries)', async () => {
    let attempts = 0;
    const execution = await runLocally(definition, { recordId: 'r4', estimatedRecords: 10, objectSize: 500 }, {
      executionId: 'e4',
      handlers: {
        BronzeLambda: () => {
          attempts += 1;
          throw Object.assign(new Error('column review_overall: "x" is not a number'), { name: 'BronzeConversionError' });
        },
        BronzeEcsTask: () => ({}),
        RecordFailure: () => ({}),
      },
    });
    expect(attempts).toBe(1);
    expect(execution.status).toBe('FAILED');
  });

  it('refuses to run a Task state without a local handler', async () => {
    await expect(runLocally(definition, {}, { executionId: 'e5', handlers: { BronzeLambda: () => ({}) } })).rejects.toThrow(MissingLocalHandlerError);
  });

  // The first validation in a process compiles the ASL validator's schemas: seconds, more on a loaded machine.
  it('is valid ASL as substituted, and the validator refuses an invalid definition', () => {
    expect(() => validateDefinition(definition)).not.toThrow();
    const invalid = { StartAt: 'Broken', States: { Broken: { Type: 'Pass', InputPath: 'not-a-path', End: true } } };
    expect(() => validateDefinition(invalid)).toThrow(InvalidStateMachineError);
  }, 30_000);
});
