import { describe, expect, it } from 'vitest';
import { INGESTION_STATE_MACHINE } from './definitions.js';
import {
  INGESTION_STATE_MACHINE_NAME,
  InvalidStepFunctionsNameError,
  LOCAL_AWS_LOCATION,
  PLATFORM_STATE_MACHINES,
  executionArn,
  executionName,
  isPlatformName,
  parseExecutionArn,
  parseStateMachineArn,
  stateMachineArn,
} from './identity.js';

describe('state machine identity', () => {
  it('names the two machines as the stack deploys them, each with its definition', () => {
    expect(PLATFORM_STATE_MACHINES.map((m) => m.name)).toEqual(['datamaster-ingestion', 'datamaster-processing']);
    expect(PLATFORM_STATE_MACHINES[0]?.definition).toBe(INGESTION_STATE_MACHINE);
  });

  it('builds the ARNs Step Functions gives a machine and its executions, and reads them back', () => {
    const machine = stateMachineArn({ region: 'eu-west-1', account: '123456789012' }, INGESTION_STATE_MACHINE_NAME);
    expect(machine).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:datamaster-ingestion');
    expect(parseStateMachineArn(machine)).toEqual({ region: 'eu-west-1', account: '123456789012', name: 'datamaster-ingestion' });
    const execution = executionArn(LOCAL_AWS_LOCATION, INGESTION_STATE_MACHINE_NAME, 'bronze-1f-attempt-1-abc');
    expect(execution).toBe('arn:aws:states:local:000000000000:execution:datamaster-ingestion:bronze-1f-attempt-1-abc');
    expect(parseExecutionArn(execution)).toEqual({ region: 'local', account: '000000000000', stateMachineName: 'datamaster-ingestion', executionName: 'bronze-1f-attempt-1-abc' });
  });

  it('reads neither ARN as the other, nor the old local ids', () => {
    const execution = executionArn(LOCAL_AWS_LOCATION, 'm', 'e');
    expect(parseStateMachineArn(execution)).toBeUndefined();
    expect(parseExecutionArn(stateMachineArn(LOCAL_AWS_LOCATION, 'm'))).toBeUndefined();
    expect(parseExecutionArn('arn:datamaster:local:execution:ingestion:bronze-1:1-abc')).toBeUndefined();
  });

  it('joins execution name parts and refuses a name Step Functions would refuse', () => {
    expect(executionName('bronze-3f', 'attempt', 2, 'a1b2c3d4')).toBe('bronze-3f-attempt-2-a1b2c3d4');
    expect(() => executionName('2026-01-01T00:00:00.000Z')).toThrow(InvalidStepFunctionsNameError);
    expect(() => executionName('x'.repeat(81))).toThrow(/is not 1 to 80 characters/);
    expect(() => executionName('')).toThrow(InvalidStepFunctionsNameError);
    expect(isPlatformName('datamaster-ingestion')).toBe(true);
    expect(isPlatformName('../datamaster-ingestion')).toBe(false);
  });
});
