// A deployment on AWS, found by its stage: the outputs of its stacks (datamaster-<stage>-<stack>), read with
// CloudFormation's DescribeStacks, under the keys the contract gives them.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { STACK_OUTPUTS, platformResourceName, type PlatformStackWithOutputs } from '@datamaster/lake-contract';

export interface DeploymentOutputs {
  readonly stage: string;
  readonly region: string;
  readonly rawBucket: string;
  readonly lakeBucket: string;
  readonly ledgerTable: string;
  /** Absent when the ingestion stack is not deployed (the registrar starts it; no client does). */
  readonly ingestionStateMachine?: string;
  /** Absent when the processing stack is not deployed. */
  readonly processingStateMachine?: string;
  /** Absent when the analytics stack is not deployed. */
  readonly athenaWorkgroup?: string;
}

export class DeploymentNotFoundError extends Error {
  override readonly name = 'DeploymentNotFoundError';
}

type Outputs = Readonly<Record<string, string>>;

async function stackOutputs(client: CloudFormationClient, stackName: string): Promise<Outputs | undefined> {
  try {
    const stack = (await client.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    if (stack === undefined || stack.StackStatus?.startsWith('DELETE')) return undefined;
    return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }
}

/** Every stack's outputs the clients read; the storage and control stacks must be there. */
export async function readDeploymentOutputs(client: CloudFormationClient, stage: string, region: string): Promise<DeploymentOutputs> {
  const stacks = Object.keys(STACK_OUTPUTS) as PlatformStackWithOutputs[];
  const found = new Map(await Promise.all(stacks.map(async (stack) => [stack, await stackOutputs(client, platformResourceName(stage, stack))] as const)));
  const output = <S extends PlatformStackWithOutputs>(stack: S, key: keyof (typeof STACK_OUTPUTS)[S]): string | undefined => found.get(stack)?.[STACK_OUTPUTS[stack][key] as string] || undefined;
  const required = <S extends PlatformStackWithOutputs>(stack: S, key: keyof (typeof STACK_OUTPUTS)[S]): string => {
    const value = output(stack, key);
    if (value !== undefined) return value;
    const name = platformResourceName(stage, stack);
    throw new DeploymentNotFoundError(
      found.get(stack) === undefined
        ? `Stack ${name} is not deployed in ${region}: deploy the platform (npx nx run infra:deploy -- -c stage=${stage}), or name the deployed stage with --target aws:<stage> and its region with AWS_REGION.`
        : `Stack ${name} has no output ${String(STACK_OUTPUTS[stack][key])}: it was deployed from an older app; deploy it again (npx nx run infra:deploy -- -c stage=${stage}).`,
    );
  };
  const ingestionStateMachine = output('ingestion', 'ingestionStateMachine');
  const processingStateMachine = output('processing', 'processingStateMachine');
  const athenaWorkgroup = output('analytics', 'athenaWorkgroup');
  return {
    stage,
    region,
    rawBucket: required('storage', 'rawBucket'),
    lakeBucket: required('storage', 'lakeBucket'),
    ledgerTable: required('control', 'ledgerTable'),
    ...(ingestionStateMachine === undefined ? {} : { ingestionStateMachine }),
    ...(processingStateMachine === undefined ? {} : { processingStateMachine }),
    ...(athenaWorkgroup === undefined ? {} : { athenaWorkgroup }),
  };
}

export class IngestionNotDeployedError extends Error {
  override readonly name = 'IngestionNotDeployedError';
}

/** The ingestion state machine, for a command that lands raw objects: without it nothing would pick them up. */
export function requireIngestion(deployment: DeploymentOutputs): string {
  if (deployment.ingestionStateMachine !== undefined) return deployment.ingestionStateMachine;
  const name = platformResourceName(deployment.stage, 'ingestion');
  throw new IngestionNotDeployedError(`Stack ${name} is not deployed in ${deployment.region}: nothing would take an extract from raw/ to bronze. Deploy it (npx nx run infra:deploy -- -c stage=${deployment.stage}).`);
}
