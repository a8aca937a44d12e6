// The platform's CDK app deployed into an AWS-API server that cannot run it all (moto), made whole for tests of its
// clients: the stacks moto holds, deployed from the cloud assembly; what moto's CloudFormation skips made through the
// service APIs (the masking key's secret, the Athena workgroup); the processing stack, which moto cannot hold (EMR
// Serverless), as a stand-in with the same state machine and output; and the parts moto cannot run played here:
// EventBridge and the ingestion state machine invoking the deployed Lambda bundles, and Athena's answers.
import { AthenaClient, CreateWorkGroupCommand, GetQueryExecutionCommand, ListQueryExecutionsCommand } from '@aws-sdk/client-athena';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { PROCESSING_STATE_MACHINE, RAW_PREFIX, STACK_OUTPUTS, platformResourceName } from '@datamaster/lake-contract';
import { deployCloudAssembly, type AwsApiEndpoint, type DeployedStack } from './deploy-cloud-assembly.js';
import { deployedFunction, objectCreatedEvent } from './deployed-function.js';

/** The stacks moto can hold whole or in the part the clients use (CostExport: Analytics depends on it). */
export const EMULATED_STACKS = ['Network', 'Security', 'Storage', 'Control', 'Ingestion', 'CostExport', 'Analytics'] as const;

export interface IngestedObject {
  readonly key: string;
  readonly recordId: string;
  readonly result: unknown;
}

export interface AthenaQuerySent {
  readonly query: string;
  readonly workgroup: string | undefined;
}

export interface EmulatedPlatform {
  readonly aws: AwsApiEndpoint;
  readonly stage: string;
  readonly stacks: ReadonlyMap<string, DeployedStack>;
  /** An output of a deployed stack, by stack id and key. */
  output(stack: string, key: string): string;
  /** What EventBridge and the ingestion state machine do for each raw object not yet handled: register, then convert. */
  ingestNewRawObjects(): Promise<IngestedObject[]>;
  /** The rows Athena answers the next query with (moto has no query engine); values as text, as Athena sends them. */
  answerNextQuery(columns: readonly { name: string; type: string }[], rows: readonly (readonly string[])[]): Promise<void>;
  /** The queries Athena was sent, newest first. */
  queriesSent(): Promise<AthenaQuerySent[]>;
  execution(executionArn: string): Promise<{ stateMachineArn: string | undefined; input: unknown }>;
}

const client = (aws: AwsApiEndpoint) => ({ endpoint: aws.endpoint, region: aws.region, credentials: aws.credentials });

async function using<C extends { destroy(): void }, T>(made: C, work: (c: C) => Promise<T>): Promise<T> {
  try {
    return await work(made);
  } finally {
    made.destroy();
  }
}

async function deployProcessingStandIn(aws: AwsApiEndpoint, stage: string): Promise<void> {
  const template = {
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
      StateMachine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: JSON.stringify(PROCESSING_STATE_MACHINE), RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
    },
    Outputs: { [STACK_OUTPUTS.processing.processingStateMachine]: { Value: { Ref: 'StateMachine' } } },
  };
  await using(new CloudFormationClient(client(aws)), (cfn) => cfn.send(new CreateStackCommand({ StackName: platformResourceName(stage, 'processing'), TemplateBody: JSON.stringify(template), Capabilities: ['CAPABILITY_IAM'] })));
}

export async function deployEmulatedPlatform(options: { assembly: string; aws: AwsApiEndpoint }): Promise<EmulatedPlatform> {
  const { assembly, aws } = options;
  const stacks = await deployCloudAssembly({ assembly, stacks: EMULATED_STACKS, aws });
  const output = (stack: string, key: string) => {
    const value = stacks.get(stack)?.outputs[key];
    if (value === undefined) throw new Error(`The deployed ${stack} stack has no output ${key}.`);
    return value;
  };
  const stage = /^datamaster-(.+)-storage$/.exec(stacks.get('Storage')?.stackName ?? '')?.[1] ?? 'dev';
  await deployProcessingStandIn(aws, stage);
  await using(new SecretsManagerClient(client(aws)), (secrets) => secrets.send(new CreateSecretCommand({ Name: platformResourceName(stage, 'masking-key'), SecretString: Buffer.alloc(32, 7).toString('base64') })));
  await using(new AthenaClient(client(aws)), (athena) => athena.send(new CreateWorkGroupCommand({ Name: output('Analytics', STACK_OUTPUTS.analytics.athenaWorkgroup) })));

  const ingestion = stacks.get('Ingestion') as DeployedStack;
  const registrar = await deployedFunction({ assembly, stack: ingestion, logicalIdPrefix: 'Registrar', aws });
  const bronze = await deployedFunction({ assembly, stack: ingestion, logicalIdPrefix: 'BronzeLambda', aws });
  const handled = new Set<string>();
  const rawBucket = output('Storage', STACK_OUTPUTS.storage.rawBucket);

  return {
    aws,
    stage,
    stacks,
    output,
    ingestNewRawObjects: () =>
      using(new S3Client({ ...client(aws), forcePathStyle: true }), async (s3) => {
        const ingested: IngestedObject[] = [];
        const listed = (await s3.send(new ListObjectsV2Command({ Bucket: rawBucket, Prefix: RAW_PREFIX }))).Contents ?? [];
        for (const key of listed.map((o) => o.Key ?? '').filter((k) => !handled.has(k))) {
          handled.add(key);
          const { ContentLength } = await s3.send(new HeadObjectCommand({ Bucket: rawBucket, Key: key }));
          const outcomes = (await registrar.invoke(objectCreatedEvent(rawBucket, key, ContentLength ?? 0, aws.region))) as { recordId: string; executionStarted: boolean }[];
          for (const outcome of outcomes.filter((o) => o.executionStarted)) {
            ingested.push({ key, recordId: outcome.recordId, result: await bronze.invoke({ recordId: outcome.recordId, computeTarget: 'lambda', executionId: `emulated-${outcome.recordId}` }) });
          }
        }
        return ingested;
      }),
    answerNextQuery: async (columns, rows) => {
      const header = { Data: columns.map((c) => ({ VarCharValue: c.name })) };
      const body = { region: aws.region, results: [{ rows: [header, ...rows.map((row) => ({ Data: row.map((v) => ({ VarCharValue: v })) }))], column_info: columns.map((c) => ({ Name: c.name, Type: c.type, Label: c.name, Nullable: 'UNKNOWN', CaseSensitive: false })) }] };
      const response = await fetch(`${aws.endpoint}/moto-api/static/athena/query-results`, { method: 'POST', body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`moto refused the Athena answer: ${response.status} ${await response.text()}`);
    },
    queriesSent: () =>
      using(new AthenaClient(client(aws)), async (athena) => {
        const ids = (await athena.send(new ListQueryExecutionsCommand({}))).QueryExecutionIds ?? [];
        const sent: AthenaQuerySent[] = [];
        for (const id of ids) {
          const execution = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution;
          sent.push({ query: execution?.Query ?? '', workgroup: execution?.WorkGroup });
        }
        return sent;
      }),
    execution: (executionArn) =>
      using(new SFNClient(client(aws)), async (sfn) => {
        const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return { stateMachineArn: execution.stateMachineArn, input: JSON.parse(execution.input ?? 'null') as unknown };
      }),
  };
}
