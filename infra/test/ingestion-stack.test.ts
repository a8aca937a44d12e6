import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import {
  BRONZE_PREFIX,
  INGESTION_STATE_MACHINE,
  QUARANTINE_PREFIX,
  RAW_PREFIX,
  definitionPlaceholders,
  ledgerTableDefinition,
  substituteDefinition,
} from '@datamaster/lake-contract';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlatformStacks } from '../src/app.js';
import { bronzeContainerName, bronzeLambdaTimeoutSeconds } from '../src/stacks/ingestion-definition.js';
import { NODE_LAMBDA_RUNTIME } from '../src/stacks/app-bundle.js';
import { testApp, type CfnJson } from './synth.js';

let stacks: PlatformStacks;
let template: Template;
let outdir: string;
const resources = (type: string): [string, CfnJson][] => Object.entries(template.findResources(type));
const only = (type: string): CfnJson => {
  const found = resources(type);
  expect(found, type).toHaveLength(1);
  return found[0]?.[1]['Properties'];
};
const logicalId = (type: string, matches: (props: CfnJson) => boolean): string => {
  const found = resources(type).filter(([, resource]) => matches(resource['Properties']));
  expect(found, type).toHaveLength(1);
  return found[0]?.[0] as string;
};
const functionId = (handler: string) => logicalId('AWS::Lambda::Function', (props) => props['Handler'] === handler);
const roleOf = (id: string): string => template.toJSON()['Resources'][id]['Properties']['Role']['Fn::GetAtt'][0];
/** Every statement of the policies attached to a role. */
const statementsOf = (roleId: string): CfnJson[] =>
  resources('AWS::IAM::Policy')
    .filter(([, policy]) => policy['Properties']['Roles'].some((role: CfnJson) => role['Ref'] === roleId))
    .flatMap(([, policy]) => policy['Properties']['PolicyDocument']['Statement']);
const actionsOf = (statements: CfnJson[]): string[] => statements.flatMap((s) => [s['Action']].flat()).sort();
const allowing = (statements: CfnJson[], action: string): CfnJson[] => statements.filter((s) => [s['Action']].flat().includes(action));

beforeAll(() => {
  const built = testApp();
  stacks = built.stacks;
  template = Template.fromStack(stacks.ingestion);
  outdir = built.app.outdir;
});

describe('the ingestion stack', () => {
  it('deploys the ASL file the local runtime runs, with substitutions for exactly its placeholders', () => {
    const machine = only('AWS::StepFunctions::StateMachine');
    expect(machine).toMatchObject({ StateMachineName: 'datamaster-test-ingestion', StateMachineType: 'STANDARD', TracingConfiguration: { Enabled: true }, LoggingConfiguration: { Level: 'ALL' } });
    const deployed = JSON.parse(machine['DefinitionString']);
    expect(Object.keys(machine['DefinitionSubstitutions']).sort()).toEqual(definitionPlaceholders(INGESTION_STATE_MACHINE));
    // The same values substituted into the deployed definition and into the contract's file give the same machine.
    const values = Object.fromEntries(definitionPlaceholders(INGESTION_STATE_MACHINE).map((name) => [name, `test-${name}`]));
    expect(substituteDefinition(deployed, values)).toEqual(substituteDefinition(INGESTION_STATE_MACHINE, values));
    expect(deployed).toEqual(INGESTION_STATE_MACHINE);
  });

  it('substitutes the functions, the cluster, the task definition, and the workers’ subnets and security group', () => {
    const substitutions = only('AWS::StepFunctions::StateMachine')['DefinitionSubstitutions'];
    expect(substitutions).toMatchObject({
      BronzeLambdaArn: { 'Fn::GetAtt': [functionId('lambda.handler'), 'Arn'] },
      LedgerFailureLambdaArn: { 'Fn::GetAtt': [functionId('ledger-failure.handler'), 'Arn'] },
      EcsClusterArn: { 'Fn::GetAtt': [logicalId('AWS::ECS::Cluster', () => true), 'Arn'] },
      BronzeTaskDefinitionArn: { Ref: logicalId('AWS::ECS::TaskDefinition', () => true) },
      WorkerSecurityGroupId: { 'Fn::ImportValue': expect.stringMatching(/^datamaster-test-network:.*Workers.*GroupId/) },
    });
    const [delimiter, subnets] = substitutions['PrivateSubnetIds']['Fn::Join'];
    expect(delimiter).toBe(',');
    expect(subnets).toHaveLength(stacks.network.vpc.selectSubnets(stacks.network.workerSubnets).subnetIds.length);
    for (const subnet of subnets) expect(subnet['Fn::ImportValue']).toMatch(/^datamaster-test-network:.*workersSubnet/);
  });

  it('runs the bronze Lambda and the ECS task from the one worker bundle, sized for what the state machine sends each', () => {
    const bronze = template.toJSON()['Resources'][functionId('lambda.handler')]['Properties'];
    const failure = template.toJSON()['Resources'][functionId('ledger-failure.handler')]['Properties'];
    expect(bronze['Code']['S3Key']).toEqual(failure['Code']['S3Key']);
    expect(bronze).toMatchObject({ Runtime: NODE_LAMBDA_RUNTIME.name, Timeout: bronzeLambdaTimeoutSeconds(INGESTION_STATE_MACHINE), MemorySize: 1769 });
    const task = only('AWS::ECS::TaskDefinition');
    expect(task).toMatchObject({ Cpu: '2048', Memory: '4096', NetworkMode: 'awsvpc', RequiresCompatibilities: ['FARGATE'] });
    expect(task['ContainerDefinitions']).toHaveLength(1);
    expect(task['ContainerDefinitions'][0]).toMatchObject({ Name: bronzeContainerName(INGESTION_STATE_MACHINE), ReadonlyRootFilesystem: true, LogConfiguration: { LogDriver: 'awslogs' } });
    const assets = JSON.parse(readFileSync(join(outdir, `${stacks.ingestion.artifactId}.assets.json`), 'utf8'));
    const [image] = Object.values(assets['dockerImages']) as CfnJson[];
    // The image runs the Lambda runtime's Node major.
    expect(`nodejs${image['source']['dockerBuildArgs']['NODE_MAJOR']}.x`).toBe(NODE_LAMBDA_RUNTIME.name);
    expect(image['source']['platform']).toBe('linux/amd64');
    const context = join(outdir, image['source']['directory']);
    expect(readFileSync(join(context, 'Dockerfile'), 'utf8')).toContain('ENTRYPOINT ["node", "ecs.mjs"]');
    const zip = (Object.values(assets['files']) as CfnJson[]).find((file) => file['destinations'] && bronze['Code']['S3Key'].startsWith(file['source']['path'].replace(/^asset\./, '')));
    expect(zip, 'the bronze Lambda asset').toBeDefined();
    for (const bundled of ['lambda.mjs', 'ledger-failure.mjs', 'encode-worker.mjs', 'parquet_wasm_bg.wasm']) expect(readFileSync(join(outdir, zip['source']['path'], bundled)).length).toBeGreaterThan(0);
  });

  it('configures every worker from the environment @datamaster/ingestion reads: raw/ in the raw bucket, the rest in the lake', () => {
    const variables = (props: CfnJson) => Object.keys(props['Environment']['Variables']).sort();
    const byHandler = (handler: string) => template.toJSON()['Resources'][functionId(handler)]['Properties'];
    expect(variables(byHandler('lambda.handler'))).toEqual(['LAKE_URI', 'LEDGER_TABLE', 'LINEAGE_NAMESPACE', 'MASKING_KEY_SECRET_ID', 'RAW_URI']);
    expect(byHandler('lambda.handler')['Environment']['Variables']['LINEAGE_NAMESPACE']).toBe('datamaster/test');
    expect(variables(byHandler('index.handler'))).toEqual(['INGESTION_STATE_MACHINE_ARN', 'LAKE_URI', 'LEDGER_TABLE', 'RAW_URI']);
    expect(variables(byHandler('ledger-failure.handler'))).toEqual(['LEDGER_TABLE']);
    const task = only('AWS::ECS::TaskDefinition')['ContainerDefinitions'][0]['Environment'].map((variable: CfnJson) => variable['Name']).sort();
    expect(task).toEqual(['LAKE_URI', 'LEDGER_TABLE', 'LINEAGE_NAMESPACE', 'MASKING_KEY_SECRET_ID', 'RAW_URI']);
    // The masking key by its name, the secret's own: no reference to the security stack's secret, which moto skips.
    const secretName = Template.fromStack(stacks.security).findResources('AWS::SecretsManager::Secret');
    expect(Object.values(secretName).map((secret) => secret['Properties']['Name'])).toEqual([byHandler('lambda.handler')['Environment']['Variables']['MASKING_KEY_SECRET_ID']]);
    const rawUri = byHandler('lambda.handler')['Environment']['Variables']['RAW_URI'];
    expect(rawUri).toEqual({ 'Fn::Join': ['', ['s3://', { 'Fn::ImportValue': expect.stringMatching(/^datamaster-test-storage:ExportsOutputRefRaw/) }]] });
  });

  it('sends the raw bucket’s objects created under raw/ to the registrar, with a dead-letter queue', () => {
    const rule = only('AWS::Events::Rule');
    expect(rule['EventPattern']).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [{ 'Fn::ImportValue': expect.stringMatching(/^datamaster-test-storage:ExportsOutputRefRaw/) }] }, object: { key: [{ prefix: RAW_PREFIX }] } },
    });
    const queue = logicalId('AWS::SQS::Queue', () => true);
    expect(rule['Targets']).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [functionId('index.handler'), 'Arn'] }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } } })]);
    expect(template.toJSON()['Resources'][functionId('index.handler')]['Properties']['DeadLetterConfig']).toEqual({ TargetArn: { 'Fn::GetAtt': [queue, 'Arn'] } });
  });

  it('gives each function and the task a role of its own, with only the access its work needs', () => {
    const roles = ['lambda.handler', 'ledger-failure.handler', 'index.handler'].map((handler) => roleOf(functionId(handler)));
    const taskRole = only('AWS::ECS::TaskDefinition')['TaskRoleArn']['Fn::GetAtt'][0];
    expect(new Set([...roles, taskRole]).size).toBe(4);
    const [bronze, failure, registrar] = roles.map((role) => statementsOf(role as string));
    const objectPrefixes = (statements: CfnJson[], action: string) =>
      allowing(statements, action)
        .flatMap((s) => [s['Resource']].flat())
        .map((resource: CfnJson) => resource['Fn::Join'][1][1]);
    for (const worker of [bronze, statementsOf(taskRole)]) {
      expect(objectPrefixes(worker as CfnJson[], 's3:GetObject').sort()).toEqual([`/${BRONZE_PREFIX}*`, `/${QUARANTINE_PREFIX}*`, `/${RAW_PREFIX}*`].sort());
      expect(objectPrefixes(worker as CfnJson[], 's3:PutObject').sort()).toEqual([`/${BRONZE_PREFIX}*`, `/${QUARANTINE_PREFIX}*`].sort());
      const [secret] = allowing(worker as CfnJson[], 'secretsmanager:GetSecretValue');
      expect(secret['Resource']['Fn::Join'][1].at(-1)).toMatch(new RegExp(`:secret:${stacks.security.maskingKeyName}-\\?{6}$`));
    }
    expect(objectPrefixes(registrar as CfnJson[], 's3:GetObject')).toEqual([`/${RAW_PREFIX}*`]);
    expect(allowing(registrar as CfnJson[], 's3:PutObject')).toEqual([]);
    expect(allowing(registrar as CfnJson[], 'states:StartExecution')).toEqual([expect.objectContaining({ Resource: { Ref: logicalId('AWS::StepFunctions::StateMachine', () => true) } })]);
    // The failure handler reads and writes the ledger, and nothing else: no object, no masking key.
    expect(actionsOf(failure as CfnJson[]).filter((action) => !action.startsWith('logs:'))).toEqual(
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'].sort(),
    );
  });

  it('lets the workers use the ledger table and each index the contract defines, by name', () => {
    const indexes = ledgerTableDefinition('any').GlobalSecondaryIndexes.map((index) => `/index/${index.IndexName}`);
    const [ledger] = allowing(statementsOf(roleOf(functionId('lambda.handler'))), 'dynamodb:Query');
    const resources = [ledger['Resource']].flat();
    expect(resources[0]).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^datamaster-test-control:.*Ledger.*Arn/) });
    expect(resources.slice(1).map((resource: CfnJson) => resource['Fn::Join'][1][1])).toEqual(indexes);
  });

  it('lets the state machine invoke its two functions and run its task, passing only the task’s roles', () => {
    const machineRole = only('AWS::StepFunctions::StateMachine')['RoleArn']['Fn::GetAtt'][0];
    const statements = statementsOf(machineRole);
    expect(allowing(statements, 'lambda:InvokeFunction')[0]['Resource']).toEqual([
      { 'Fn::GetAtt': [functionId('lambda.handler'), 'Arn'] },
      { 'Fn::GetAtt': [functionId('ledger-failure.handler'), 'Arn'] },
    ]);
    const cluster = { 'Fn::GetAtt': [logicalId('AWS::ECS::Cluster', () => true), 'Arn'] };
    expect(allowing(statements, 'ecs:RunTask')).toEqual([expect.objectContaining({ Resource: { Ref: logicalId('AWS::ECS::TaskDefinition', () => true) }, Condition: { ArnEquals: { 'ecs:cluster': cluster } } })]);
    expect(allowing(statements, 'ecs:StopTask')).toEqual([expect.objectContaining({ Condition: { ArnEquals: { 'ecs:cluster': cluster } } })]);
    const task = only('AWS::ECS::TaskDefinition');
    expect(allowing(statements, 'iam:PassRole')[0]['Resource']).toEqual([task['TaskRoleArn'], task['ExecutionRoleArn']]);
    expect(allowing(statements, 'events:PutRule')[0]['Resource']['Fn::Join'][1].at(-1)).toMatch(/:rule\/StepFunctionsGetEventsForECSTaskRule$/);
  });

  it('names no resource "*" except where an action has no resource-level permissions', () => {
    const unrestricted = resources('AWS::IAM::Policy')
      .flatMap(([, policy]) => policy['Properties']['PolicyDocument']['Statement'])
      .filter((statement: CfnJson) => [statement['Resource']].flat().includes('*') && statement['Condition'] === undefined);
    expect(actionsOf(unrestricted).filter((action) => !/^(xray|logs):/.test(action))).toEqual(['ecr:GetAuthorizationToken']);
  });

  it('outputs the ingestion state machine’s ARN', () => {
    expect(template.toJSON()['Outputs']['IngestionStateMachineArn']).toMatchObject({ Value: { Ref: logicalId('AWS::StepFunctions::StateMachine', () => true) } });
  });
});
