// Deploys stacks of a synthesized CDK app through a CloudFormation API, in dependency order, as `cdk deploy` does:
// the bootstrap version parameter, the file assets, then CreateStack and a wait for its end. Made for an AWS-API
// server on loopback (moto), which has no bootstrap stack, so it also makes what `cdk bootstrap` would have.
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { deploymentOrder, readCloudAssembly, type AssemblyStack } from './cloud-assembly.js';
import { publishFileAssets } from './publish-assets.js';
import { motoTemplate } from './moto-template.js';

export interface AwsApiEndpoint {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface DeployOptions {
  /** The cloud assembly folder (infra:synth writes dist/infra/cdk.out). */
  readonly assembly: string;
  /** Artifact ids of the stacks to deploy; every stack they depend on must be among them. */
  readonly stacks: readonly string[];
  readonly aws: AwsApiEndpoint;
  /** The account the endpoint answers for; moto's default. */
  readonly account?: string;
  readonly onStack?: (stack: DeployedStack) => void;
}

export interface DeployedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
}

export interface DeployedStack {
  readonly id: string;
  readonly stackName: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly resources: readonly DeployedResource[];
  /** Resource types in the template that the endpoint did not create (an emulator skips what it does not know). */
  readonly notCreated: readonly string[];
  readonly ms: number;
}

export class StackDeploymentError extends Error {
  override readonly name = 'StackDeploymentError';
}

const MOTO_ACCOUNT = '123456789012';
const POLL_MS = 100;
const STACK_TIMEOUT_MS = 120_000;
const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const;

export async function deployCloudAssembly(options: DeployOptions): Promise<ReadonlyMap<string, DeployedStack>> {
  const order = deploymentOrder(readCloudAssembly(options.assembly), options.stacks);
  const client = { endpoint: options.aws.endpoint, region: options.aws.region, credentials: options.aws.credentials };
  const cloudFormation = new CloudFormationClient(client);
  const s3 = new S3Client({ ...client, forcePathStyle: true });
  const ssm = new SSMClient(client);
  const placeholders = { account: options.account ?? MOTO_ACCOUNT, region: options.aws.region, partition: 'aws' };
  const deployed = new Map<string, DeployedStack>();
  try {
    await putBootstrapVersions(ssm, order);
    for (const stack of order) {
      if (stack.region !== undefined && stack.region !== options.aws.region) {
        throw new StackDeploymentError(`${stack.id} is for region ${stack.region}, the endpoint serves ${options.aws.region}: deploy it with a client for its region.`);
      }
      const started = performance.now();
      await publishFileAssets(s3, stack.fileAssets, placeholders);
      await cloudFormation.send(new CreateStackCommand({ StackName: stack.stackName, TemplateBody: motoTemplate(stack.template), Capabilities: [...CAPABILITIES] }));
      const outputs = await awaitCreation(cloudFormation, stack);
      const resources = await stackResources(cloudFormation, stack.stackName);
      const result: DeployedStack = { id: stack.id, stackName: stack.stackName, outputs, resources, notCreated: notCreated(stack, resources), ms: performance.now() - started };
      deployed.set(stack.id, result);
      options.onStack?.(result);
    }
    return deployed;
  } finally {
    cloudFormation.destroy();
    s3.destroy();
    ssm.destroy();
  }
}

/** What `cdk bootstrap` leaves for templates to check: the version parameter, at the highest version any needs. */
async function putBootstrapVersions(ssm: SSMClient, stacks: readonly AssemblyStack[]): Promise<void> {
  const versions = new Map<string, number>();
  for (const { bootstrapVersionParameter: name, bootstrapVersion: version } of stacks) {
    if (name !== undefined) versions.set(name, Math.max(versions.get(name) ?? 0, version ?? 1));
  }
  for (const [name, version] of versions) await ssm.send(new PutParameterCommand({ Name: name, Value: String(version), Type: 'String', Overwrite: true }));
}

async function awaitCreation(cloudFormation: CloudFormationClient, stack: AssemblyStack): Promise<Record<string, string>> {
  const deadline = Date.now() + STACK_TIMEOUT_MS;
  for (;;) {
    const described = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stack.stackName }))).Stacks?.[0];
    const status = described?.StackStatus ?? 'MISSING';
    if (status === 'CREATE_COMPLETE') return Object.fromEntries((described?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
    if (!status.endsWith('_IN_PROGRESS')) {
      const events = (await cloudFormation.send(new DescribeStackEventsCommand({ StackName: stack.stackName }))).StackEvents ?? [];
      const reasons = events.filter((e) => e.ResourceStatus?.endsWith('FAILED')).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`);
      throw new StackDeploymentError(`${stack.stackName} ended ${status}${described?.StackStatusReason ? ` (${described.StackStatusReason})` : ''}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}.`);
    }
    if (Date.now() > deadline) throw new StackDeploymentError(`${stack.stackName} is still ${status} after ${STACK_TIMEOUT_MS / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function stackResources(cloudFormation: CloudFormationClient, stackName: string): Promise<DeployedResource[]> {
  const summaries: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await cloudFormation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
    summaries.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return summaries.filter((r) => r.PhysicalResourceId).map((r) => ({ logicalId: r.LogicalResourceId ?? '', type: r.ResourceType ?? '', physicalId: r.PhysicalResourceId ?? '' }));
}

function notCreated(stack: AssemblyStack, resources: readonly DeployedResource[]): string[] {
  const template = JSON.parse(stack.template) as { Resources?: Record<string, { Type: string }> };
  const created = new Set(resources.map((r) => r.logicalId));
  const missing = Object.entries(template.Resources ?? {}).filter(([logicalId]) => !created.has(logicalId)).map(([, resource]) => resource.Type);
  return [...new Set(missing)].sort();
}
