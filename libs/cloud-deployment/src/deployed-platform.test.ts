// The CDK app's stacks that moto can hold (network, security, storage, control, ingestion), deployed from the
// synthesized cloud assembly into moto's CloudFormation on loopback, and the platform's own deployed Lambda bundles
// run in-process against what the stacks created: moto creates Lambda functions but cannot run them without Docker.
// The stacks moto skips (EMR Serverless, Lake Formation, DMS, Firehose, Glue, Athena, Grafana) stay under infra's
// template assertions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeStateMachineCommand, ListExecutionsCommand, SFNClient, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { ControlLedger } from '@datamaster/control-ledger';
import { startMotoServer, type MotoServer } from '@datamaster/embedded-services';
import { INGESTION_STATE_MACHINE, definitionPlaceholders, ingestionInput } from '@datamaster/lake-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCloudAssembly, type DeployedStack } from './deploy-cloud-assembly.js';

const ASSEMBLY = fileURLToPath(new URL('../../../dist/infra/cdk.out', import.meta.url));
const STACKS = ['Network', 'Security', 'Storage', 'Control', 'Ingestion'];

let moto: MotoServer;
let deployed: ReadonlyMap<string, DeployedStack>;
const clients = () => ({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });

/** The deployed function's code (its S3 key names the cloud assembly's asset folder) and its environment. */
async function deployedFunction(logicalIdPrefix: string) {
  const resource = deployed.get('Ingestion')?.resources.find((r) => r.type === 'AWS::Lambda::Function' && r.logicalId.startsWith(logicalIdPrefix));
  if (resource === undefined) throw new Error(`no Lambda function ${logicalIdPrefix}* in the deployed ingestion stack`);
  const lambda = new LambdaClient(clients());
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: resource.physicalId }));
  lambda.destroy();
  const template = JSON.parse(readTemplate('Ingestion')) as { Resources: Record<string, { Properties: { Code: { S3Key: string }; Handler: string } }> };
  const { Code, Handler } = template.Resources[resource.logicalId]?.Properties ?? { Code: { S3Key: '' }, Handler: '' };
  const [file, exportName] = Handler.split('.') as [string, string];
  const code = join(ASSEMBLY, `asset.${Code.S3Key.replace(/\.zip$/, '')}`, `${file}.mjs`);
  return { name: resource.physicalId, environment: config.Environment?.Variables ?? {}, load: async () => (await import(pathToFileURL(code).href))[exportName] as (event: unknown) => Promise<unknown> };
}

function readTemplate(stack: string): string {
  return readFileSync(join(ASSEMBLY, `${stack}.template.json`), 'utf8');
}

beforeAll(async () => {
  moto = await startMotoServer();
  deployed = await deployCloudAssembly({ assembly: ASSEMBLY, stacks: STACKS, aws: clients() });
}, 120_000);
afterAll(async () => moto?.stop());

describe('the platform deployed into an AWS-API server', () => {
  it('creates every stack moto can hold, with the outputs the platform reads', () => {
    expect([...deployed.keys()]).toEqual(STACKS);
    expect(deployed.get('Storage')?.outputs).toMatchObject({ RawBucketName: expect.any(String), LakeBucketName: expect.any(String) });
    expect(deployed.get('Control')?.outputs['LedgerTableName']).toMatch(/ledger/);
    expect(deployed.get('Ingestion')?.outputs['IngestionStateMachineArn']).toMatch(/^arn:aws:states:/);
  });

  it('deploys the ingestion state machine from the ASL file the local runtime runs', async () => {
    const sfn = new SFNClient(clients());
    const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: deployed.get('Ingestion')?.outputs['IngestionStateMachineArn'] }));
    sfn.destroy();
    // moto keeps the definition as CloudFormation got it: the file, its \${placeholders} not yet substituted.
    expect(JSON.parse(machine.definition ?? '{}')).toEqual(INGESTION_STATE_MACHINE);
    const template = JSON.parse(readTemplate('Ingestion')) as { Resources: Record<string, { Type: string; Properties: { DefinitionSubstitutions?: object } }> };
    const substitutions = Object.values(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')?.Properties.DefinitionSubstitutions ?? {};
    expect(Object.keys(substitutions).sort()).toEqual(definitionPlaceholders(INGESTION_STATE_MACHINE).sort());
  });

  it('registers a raw object from the deployed raw bucket in the deployed ledger and converts it into the deployed lake bucket', async () => {
    const { RawBucketName: rawBucket, LakeBucketName: lakeBucket } = deployed.get('Storage')?.outputs ?? {};
    const registrar = await deployedFunction('Registrar');
    const bronze = await deployedFunction('BronzeLambda');
    // The masking key's secret is one moto's CloudFormation skips: made here as the stack would have.
    const secrets = new SecretsManagerClient(clients());
    await secrets.send(new CreateSecretCommand({ Name: bronze.environment['MASKING_KEY_SECRET_ID'], SecretString: Buffer.alloc(32, 7).toString('base64') }));
    secrets.destroy();
    // The Lambda runtime's own variables, pointed at moto: the handlers build their clients from the environment.
    Object.assign(process.env, { AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: moto.region, AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey });

    const s3 = new S3Client({ ...clients(), forcePathStyle: true });
    const key = 'raw/brewery/batch-0001-brewery.csv.gz';
    const body = gzipSync('brewery_id,brewery_name\n1,"Hop, Skip & Jump"\n2,Second Brewery\n');
    await s3.send(new PutObjectCommand({ Bucket: rawBucket, Key: key, Body: body, Metadata: { format: 'csv', source: 'batch' } }));
    // What the deployed EventBridge rule delivers for it.
    const objectCreated = { version: '0', id: 'event-1', 'detail-type': 'Object Created', source: 'aws.s3', account: '123456789012', time: new Date().toISOString(), region: moto.region, resources: [`arn:aws:s3:::${rawBucket}`], detail: { bucket: { name: rawBucket }, object: { key, size: body.length, etag: 'x', sequencer: '1' }, reason: 'PutObject' } };

    Object.assign(process.env, registrar.environment);
    const outcomes = (await (await registrar.load())(objectCreated)) as { recordId: string; created: boolean; executionStarted: boolean }[];
    expect(outcomes).toEqual([{ key, recordId: expect.any(String), created: true, executionStarted: true }]);
    const recordId = outcomes[0]?.recordId as string;
    const ledger = new ControlLedger({ client: clients(), tableName: registrar.environment['LEDGER_TABLE'] as string });
    const registered = await ledger.get(recordId);
    expect(registered).toMatchObject({ objectKey: key, table: 'brewery', layer: 'bronze', status: 'pending' });

    const sfn = new SFNClient(clients());
    const stateMachineArn = deployed.get('Ingestion')?.outputs['IngestionStateMachineArn'];
    const executions = (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? [];
    expect(executions).toHaveLength(1);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: executions[0]?.executionArn }));
    expect(JSON.parse(execution.input ?? '{}')).toEqual(ingestionInput(registered as NonNullable<typeof registered>));
    sfn.destroy();

    Object.assign(process.env, bronze.environment);
    expect(await (await bronze.load())({ recordId, computeTarget: 'lambda', executionId: execution.executionArn })).toEqual({ recordId, status: 'succeeded', rowsOut: 2, rowsQuarantined: 0 });
    expect(await ledger.get(recordId)).toMatchObject({ status: 'succeeded', computeTarget: 'lambda' });
    const lake = await s3.send(new ListObjectsV2Command({ Bucket: lakeBucket, Prefix: 'bronze/brewery/' }));
    expect(lake.Contents?.map((o) => o.Key)).toEqual([expect.stringMatching(/^bronze\/brewery\/ingest_date=\d{4}-\d{2}-\d{2}\/batch-0001-brewery\.parquet$/)]);
    ledger.close();
    s3.destroy();
  }, 120_000);
});
