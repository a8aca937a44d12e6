import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { BRONZE_PREFIX, ICEBERG_LAYERS, PROCESSING_STATE_MACHINE, WORK_PREFIX, definitionPlaceholders, icebergTables, processingInput, substituteDefinition } from '@datamaster/lake-contract';
import { lakeManifest } from '@datamaster/lake-manifest';
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_LAMBDA_RUNTIME } from '../src/stacks/app-bundle.js';
import { EMR_RELEASE_LABEL } from '../src/stacks/processing-stack.js';
import { UnmatchedPlaceholdersError, substitutionsFor } from '../src/stacks/state-machine-substitutions.js';
import { TEST_DEPLOYMENT, testApp, type CfnJson } from './synth.js';

let template: Template;
let resources: Record<string, { Type: string; Properties: CfnJson; DependsOn?: string[] }>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const only = (type: string) => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0] as [string, { Properties: CfnJson }];
};
/** The statements of the policy attached to a role (by the role's logical id prefix). */
const statementsOf = (rolePrefix: string): CfnJson[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: CfnJson) => String(r.Ref).startsWith(rolePrefix)))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
const lakeObjects = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::ImportValue': expect.stringMatching(/storage:.*Lake.*Arn/) }, `/${prefix}*`]] });

beforeAll(() => {
  template = Template.fromStack(testApp().stacks.processing);
  resources = template.toJSON()['Resources'];
});

describe('the processing stack', () => {
  it('deploys the ASL file the local runtime runs, as it is, with a substitution for exactly each of its placeholders', () => {
    const [, machine] = only('AWS::StepFunctions::StateMachine');
    const props = machine.Properties;
    expect(JSON.parse(props.DefinitionString)).toEqual(PROCESSING_STATE_MACHINE);
    expect(Object.keys(props.DefinitionSubstitutions).sort()).toEqual(definitionPlaceholders(PROCESSING_STATE_MACHINE));
    // What Step Functions does with them: every placeholder replaced.
    const substituted = substituteDefinition(PROCESSING_STATE_MACHINE, Object.fromEntries(Object.keys(props.DefinitionSubstitutions).map((name) => [name, `value-of-${name}`])));
    expect(definitionPlaceholders(substituted)).toEqual([]);
    expect(props).toMatchObject({ StateMachineName: 'datamaster-test-processing', StateMachineType: 'STANDARD', LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true }, TracingConfiguration: { Enabled: true } });
  });

  it('refuses substitutions that miss a placeholder or name one the definition does not have', () => {
    expect(() => substitutionsFor(['A', 'B'], { A: '1' })).toThrow(UnmatchedPlaceholdersError);
    expect(() => substitutionsFor(['A'], { A: '1', C: '2' })).toThrow(/placeholders are A, but the stack substitutes A, C/);
    expect(substitutionsFor(['A'], { A: '1' })).toEqual({ A: '1' });
  });

  it('runs ClaimWork, SettleWork and FailWork from the processing-tasks bundle, configured with the lake bucket and the ledger', () => {
    const [, machine] = only('AWS::StepFunctions::StateMachine');
    const substitutions = machine.Properties.DefinitionSubstitutions;
    const handlers = { ClaimWorkFunctionArn: 'tasks.claimWork', SettleWorkFunctionArn: 'tasks.settleWork', FailWorkFunctionArn: 'tasks.failWork' };
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(3);
    for (const [placeholder, handler] of Object.entries(handlers)) {
      const [logicalId] = substitutions[placeholder]['Fn::GetAtt'];
      expect(resources[logicalId]?.Properties).toMatchObject({
        Handler: handler,
        Runtime: NODE_LAMBDA_RUNTIME.name,
        Environment: { Variables: { LAKE_URI: { 'Fn::Join': ['', ['s3://', { 'Fn::ImportValue': expect.stringMatching(/storage:.*Lake/) }]] }, LEDGER_TABLE: { 'Fn::ImportValue': expect.stringMatching(/control:.*Ledger/) } } },
      });
    }
    // One bundle for the three: the same code asset.
    expect(new Set(functions.map(([, f]) => f.Properties.Code.S3Key)).size).toBe(1);
  });

  it('gives the tasks the ledger, the work files and the tables metadata, and nothing broader', () => {
    const statements = statementsOf('TasksRole');
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['s3:GetObject', 's3:PutObject'], Resource: lakeObjects(WORK_PREFIX) }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: 's3:GetObject', Resource: ICEBERG_LAYERS.map((layer) => lakeObjects(`${layer}/`)) }));
    expect(statements.find((s) => String(s.Action).startsWith('dynamodb:'))?.Resource).toHaveLength(3);
    expect(statements.flatMap((s) => [s.Resource].flat())).not.toContain('*');
  });

  it('runs the jobs on two EMR Serverless applications of the release the Spark jobs are written for, in the isolated worker subnets, stopped when idle', () => {
    const readme = readFileSync(new URL('../../spark/README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`**EMR ${EMR_RELEASE_LABEL.replace('emr-', '')}**`);
    const applications = ofType('AWS::EMRServerless::Application');
    expect(applications.map(([, a]) => a.Properties.Name).sort()).toEqual(['datamaster-test-analytics', 'datamaster-test-processing']);
    for (const [, { Properties }] of applications) {
      expect(Properties).toMatchObject({
        ReleaseLabel: EMR_RELEASE_LABEL,
        Type: 'Spark',
        AutoStopConfiguration: { Enabled: true },
        MaximumCapacity: { Cpu: `${TEST_DEPLOYMENT.sparkMaximumVcpus} vCPU` },
        NetworkConfiguration: { SecurityGroupIds: [{ 'Fn::ImportValue': expect.stringMatching(/network:.*Workers/) }] },
      });
      expect(Properties.NetworkConfiguration.SubnetIds).toEqual([expect.anything(), expect.anything()].map(() => ({ 'Fn::ImportValue': expect.stringMatching(/network:.*workersSubnet/) })));
    }
  });

  it('starts each job from the Spark package of spark:package, uploaded as assets the job role alone may read', () => {
    const [, machine] = only('AWS::StepFunctions::StateMachine');
    const { SparkEntryPoint, SparkSubmitParameters } = machine.Properties.DefinitionSubstitutions;
    expect(SparkEntryPoint).toMatch(/^s3:\/\/cdk-[a-z0-9]+-assets-123456789012-eu-west-1\/[0-9a-f]{64}\.py$/);
    const parameters = JSON.stringify(SparkSubmitParameters);
    expect(parameters).toMatch(/--py-files s3:\/\/cdk-[a-z0-9]+-assets-[^ ]+\/[0-9a-f]{64}\.zip/);
    expect(parameters).toContain('spark.emr-serverless.driverEnv.DATAMASTER_CATALOG=glue');
    const statements = statementsOf('JobRole');
    const assetReads = statements.find((s) => JSON.stringify(s.Resource).includes('cdk-'))?.Resource;
    expect(JSON.stringify(assetReads)).toContain(SparkEntryPoint.split('/').pop());
    expect(assetReads).toHaveLength(2);
  });

  it('lets the jobs read bronze and work files, write the silver and gold tables, and reach Lake Formation', () => {
    const [, role] = ofType('AWS::IAM::Role').find(([id]) => id.startsWith('JobRole')) as [string, { Properties: CfnJson }];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({ Principal: { Service: 'emr-serverless.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } })]);
    const statements = statementsOf('JobRole');
    expect(statements).toContainEqual(expect.objectContaining({ Action: 's3:GetObject', Resource: [lakeObjects(BRONZE_PREFIX), lakeObjects(WORK_PREFIX)] }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: ICEBERG_LAYERS.map((layer) => lakeObjects(`${layer}/`)) }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'lakeformation:GetDataAccess', Resource: '*' }));
    const tableGrants = ofType('AWS::LakeFormation::PrincipalPermissions').filter(([id]) => id.startsWith('JobsWrite'));
    expect(tableGrants.map(([, g]) => g.Properties.Resource.Table)).toEqual(ICEBERG_LAYERS.map((layer) => ({ CatalogId: '123456789012', DatabaseName: lakeManifest().databases[layer], TableWildcard: {} })));
  });

  it('is started on schedule by EventBridge Scheduler, through a role that Scheduler can assume and that may start this machine only', () => {
    const [machineId] = only('AWS::StepFunctions::StateMachine');
    const [, schedule] = only('AWS::Scheduler::Schedule');
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: TEST_DEPLOYMENT.processingSchedule, Target: { Arn: { Ref: machineId } } });
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual(processingInput(icebergTables(lakeManifest())));
    const [roleId] = schedule.Properties.Target.RoleArn['Fn::GetAtt'];
    const trust = resources[roleId]?.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012', 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:eu-west-1:123456789012:schedule/default/datamaster-test-processing']] } } },
      },
    ]);
    expect(statementsOf(roleId)).toEqual([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: machineId } }]);
  });

  it("gives `datamaster apply` a role of its own: the stacks' outputs, the tables' schemas through Lake Formation, the ledger, and this machine's executions", () => {
    const [machineId] = only('AWS::StepFunctions::StateMachine');
    const [roleId, role] = ofType('AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === 'datamaster-test-apply') ?? [];
    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } } },
    ]);
    const statements = statementsOf(roleId as string);
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.sort()).toEqual(
      [
        'cloudformation:DescribeStacks',
        'glue:GetDatabases',
        'glue:GetDatabase',
        'glue:GetTable',
        'glue:GetTables',
        'glue:CreateTable',
        'glue:UpdateTable',
        's3:GetObject',
        's3:PutObject',
        's3:DeleteObject',
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'kms:DescribeKey',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'states:StartExecution',
        'states:DescribeExecution',
      ].sort(),
    );
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'states:StartExecution', Resource: { Ref: machineId } }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: ICEBERG_LAYERS.map((layer) => lakeObjects(`${layer}/`)) }));
    const grants = ofType('AWS::LakeFormation::PrincipalPermissions').filter(([id]) => id.startsWith('Apply'));
    expect(grants.map(([, g]) => g.Properties.Permissions)).toEqual([...ICEBERG_LAYERS.flatMap(() => [['CREATE_TABLE', 'DESCRIBE'], ['ALTER', 'DESCRIBE']]), ['DATA_LOCATION_ACCESS']]);
    expect(grants.every(([, g]) => g.Properties.Principal.DataLakePrincipalIdentifier['Fn::GetAtt'][0] === roleId)).toBe(true);
  });
});
