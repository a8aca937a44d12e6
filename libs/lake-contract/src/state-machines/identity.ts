// What the state machines are called, on AWS and locally: the names the CDK stack deploys them under, and the ARNs
// of the machines and of their executions. Local executions are named as AWS would name them, so a ledger record's
// executionId is an ARN that the Step Functions API (AWS's, or the local platform's) can describe.
import { INGESTION_STATE_MACHINE, PROCESSING_STATE_MACHINE, type AslDefinition } from './definitions.js';

export const INGESTION_STATE_MACHINE_NAME = 'datamaster-ingestion';
export const PROCESSING_STATE_MACHINE_NAME = 'datamaster-processing';

export interface PlatformStateMachine {
  readonly name: string;
  readonly definition: AslDefinition;
}

/** Every state machine of the platform, as deployed. */
export const PLATFORM_STATE_MACHINES: readonly PlatformStateMachine[] = [
  { name: INGESTION_STATE_MACHINE_NAME, definition: INGESTION_STATE_MACHINE },
  { name: PROCESSING_STATE_MACHINE_NAME, definition: PROCESSING_STATE_MACHINE },
];

/** The region and account an ARN names. */
export interface AwsLocation {
  readonly region: string;
  readonly account: string;
}

/** Where the local platform's state machines are, as their ARNs say: no real region, and the placeholder account. */
export const LOCAL_AWS_LOCATION: AwsLocation = { region: 'local', account: '000000000000' };

/** Step Functions' rule for names, kept to the characters every console and CLI shows as they are. */
const NAME = /^[A-Za-z0-9_-]{1,80}$/;
const STATE_MACHINE_ARN = /^arn:aws:states:([^:]+):([^:]+):stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws:states:([^:]+):([^:]+):execution:([^:]+):([^:]+)$/;

/** Thrown for a state machine or execution name that breaks the platform's rule for names. */
export class InvalidStepFunctionsNameError extends Error {
  override readonly name = 'InvalidStepFunctionsNameError';
  constructor(readonly invalidName: string) {
    super(`Name "${invalidName}" is not 1 to 80 characters of A-Z, a-z, 0-9, "-" and "_".`);
  }
}

/** Whether a state machine or execution name keeps to the rule the platform names its own by. */
export function isPlatformName(name: string): boolean {
  return NAME.test(name);
}

/** An execution name from its parts joined with "-", e.g. executionName(recordId, 'attempt', 2, suffix). */
export function executionName(...parts: readonly (string | number)[]): string {
  const name = parts.join('-');
  if (!isPlatformName(name)) throw new InvalidStepFunctionsNameError(name);
  return name;
}

export function stateMachineArn(location: AwsLocation, name: string): string {
  return `arn:aws:states:${location.region}:${location.account}:stateMachine:${name}`;
}

export function executionArn(location: AwsLocation, stateMachineName: string, name: string): string {
  return `arn:aws:states:${location.region}:${location.account}:execution:${stateMachineName}:${name}`;
}

export interface StateMachineArnParts extends AwsLocation {
  readonly name: string;
}

export interface ExecutionArnParts extends AwsLocation {
  readonly stateMachineName: string;
  readonly executionName: string;
}

/** The parts of a state machine ARN; undefined for anything else. */
export function parseStateMachineArn(arn: string): StateMachineArnParts | undefined {
  const match = STATE_MACHINE_ARN.exec(arn);
  return match ? { region: match[1] as string, account: match[2] as string, name: match[3] as string } : undefined;
}

/** The parts of a (standard) execution ARN; undefined for anything else. */
export function parseExecutionArn(arn: string): ExecutionArnParts | undefined {
  const match = EXECUTION_ARN.exec(arn);
  return match ? { region: match[1] as string, account: match[2] as string, stateMachineName: match[3] as string, executionName: match[4] as string } : undefined;
}
