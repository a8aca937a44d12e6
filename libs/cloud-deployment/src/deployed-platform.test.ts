// The CDK app's stacks that moto can hold (network, security, storage, control, ingestion), deployed from the
// synthesized cloud assembly into moto's CloudFormation on loopback, and the platform's own deployed Lambda bundles
// run in-process against what the stacks created: moto creates Lambda functions but cannot run them without Docker.
// The stacks moto skips (EMR Serverless, Lake Formation, DMS, Firehose, Glue, Athena, Grafana) stay under infra's
// template assertions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeStateMachineCommand, ListExecutionsCommand, SFNClient, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { ControlLedger } from '@datamaster/control-ledger';
import { startMotoServer, type MotoServer } from '@datamaster/embedded-services';
import { INGESTION_STATE_MACHINE, definitionPlaceholders, ingestionInput } from '@datamaster/lake-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCloudAssembly, type DeployedStack } from './deploy-cloud-assembly.js';
import { deployedFunction, objectCreatedEvent } from './deployed-function.js';

const ASSEMBLY = fileURLToPath(new URL('../../../dist/infra/cdk.out', import.meta.url));
const STACKS = ['Network', 'Security', 'Storage', 'Control', 'Ingestion'];

let moto: MotoServer;
let deployed: ReadonlyMap<string, DeployedStack>;
const clients = () => ({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });

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
    const template = JSON.parse(readFileSync(join(ASSEMBLY, 'Ingestion.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties: { DefinitionSubstitutions?: object } }> };
    const substitutions = Object.values(template.Resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine')?.Properties.DefinitionSubstitutions ?? {};
    expect(Object.keys(substitutions).sort()).toEqual(definitionPlaceholders(INGESTION_STATE_MACHINE).sort());
  });

  it('registers a raw object from the deployed raw bucket in the deployed ledger and converts it into the deployed lake bucket', async () => {
    const { RawBucketName: rawBucket, LakeBucketName: lakeBucket } = deployed.get('Storage')?.outputs ?? {};
    const ingestion = deployed.get('Ingestion') as DeployedStack;
    const registrar = await deployedFunction({ assembly: ASSEMBLY, stack: ingestion, logicalIdPrefix: 'Registrar', aws: clients() });
    const bronze = await deployedFunction({ assembly: ASSEMBLY, stack: ingestion, logicalIdPrefix: 'BronzeLambda', aws: clients() });
    // The masking key's secret is one moto's CloudFormation skips: made here as the stack would have.
    const secrets = new SecretsManagerClient(clients());
    await secrets.send(new CreateSecretCommand({ Name: bronze.environment['MASKING_KEY_SECRET_ID'], SecretString: Buffer.alloc(32, 7).toString('base64') }));
    secrets.destroy();
    const s3 = new S3Client({ ...clients(), forcePathStyle: true });
    const key = 'raw/brewery/batch-0001-brewery.csv.gz';
    const body = gzipSync('brewery_id,brewery_name\n1,"Hop, Skip & Jump"\n2,Second Brewery\n');
    await s3.send(new PutObjectCommand({ Bucket: rawBucket, Key: key, Body: body, Metadata: { format: 'csv', source: 'batch' } }));
    const outcomes = (await registrar.invoke(objectCreatedEvent(rawBucket as string, key, body.length, moto.region))) as { recordId: string; created: boolean; executionStarted: boolean }[];
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

    expect(await bronze.invoke({ recordId, computeTarget: 'lambda', executionId: execution.executionArn })).toEqual({ recordId, status: 'succeeded', rowsOut: 2, rowsQuarantined: 0 });
    expect(await ledger.get(recordId)).toMatchObject({ status: 'succeeded', computeTarget: 'lambda' });
    const lake = await s3.send(new ListObjectsV2Command({ Bucket: lakeBucket, Prefix: 'bronze/brewery/' }));
    expect(lake.Contents?.map((o) => o.Key)).toEqual([expect.stringMatching(/^bronze\/brewery\/ingest_date=\d{4}-\d{2}-\d{2}\/batch-0001-brewery\.parquet$/)]);
    ledger.close();
    s3.destroy();
  }, 120_000);
});
