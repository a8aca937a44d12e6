import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATHENA_RESULTS_PREFIX } from '../src/stacks/analytics-stack.js';
import { CUR_COLUMNS } from '@datamaster/lake-contract';
import { DATA_EXPORTS_REGION } from '../src/stacks/cost-export-stack.js';
import { TEST_DEPLOYMENT, testApp, type CfnJson } from './synth.js';

let analytics: Template;
let costExport: Template;
let exportStack: Stack;
const only = (template: Template, type: string): CfnJson => {
  const found = Object.values(template.findResources(type));
  expect(found, type).toHaveLength(1);
  return found[0]!['Properties'];
};
const idOf = (template: Template, type: string) => Object.keys(template.findResources(type))[0];

beforeAll(() => {
  const { stacks } = testApp();
  analytics = Template.fromStack(stacks.analytics);
  costExport = Template.fromStack(stacks.costExport);
  exportStack = stacks.costExport;
});

describe('the analytics stack: Athena', () => {
  it('enforces engine 3, encrypted results in its results bucket, and the scan limit', () => {
    const workgroup = only(analytics, 'AWS::Athena::WorkGroup');
    expect(workgroup.Name).toBe('datamaster-test-analytics');
    expect(workgroup.WorkGroupConfiguration).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      BytesScannedCutoffPerQuery: TEST_DEPLOYMENT.athenaQueryScanLimitGb * 1e9,
      ResultConfiguration: {
        OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: idOf(analytics, 'AWS::S3::Bucket') }, `/${ATHENA_RESULTS_PREFIX}`]] },
        EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::ImportValue': expect.stringMatching(/LakeKey/) } },
      },
    });
    const results = only(analytics, 'AWS::S3::Bucket');
    expect(results.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Prefix: ATHENA_RESULTS_PREFIX, ExpirationInDays: 30 }));
    expect(results.LoggingConfiguration).toMatchObject({ DestinationBucketName: { 'Fn::ImportValue': expect.stringMatching(/Logs/) } });
  });
});

describe('the analytics stack: cost and usage', () => {
  it('exports CUR 2.0 from us-east-1 with exactly the columns the Glue table declares', () => {
    expect(exportStack.region).toBe(DATA_EXPORTS_REGION);
    const exported = only(costExport, 'AWS::BCMDataExports::Export').Export;
    const selected = /^SELECT (.+) FROM COST_AND_USAGE_REPORT$/.exec(exported.DataQuery.QueryStatement)?.[1]?.split(', ');
    const table = only(analytics, 'AWS::Glue::Table').TableInput;
    expect(table.StorageDescriptor.Columns.map((c: CfnJson) => c.Name)).toEqual(selected);
    expect(table.StorageDescriptor.Columns).toEqual(CUR_COLUMNS.map(({ name, type }) => ({ Name: name, Type: type })));
    expect(exported.DataQuery.TableConfigurations.COST_AND_USAGE_REPORT).toMatchObject({ TIME_GRANULARITY: 'DAILY', INCLUDE_RESOURCES: 'TRUE' });
    expect(exported.DestinationConfigurations.S3Destination.S3OutputConfigurations).toMatchObject({ Format: 'PARQUET', Overwrite: 'OVERWRITE_REPORT' });
  });

  it('reads the months where the export writes them, with no partition to add by hand', () => {
    const destination = only(costExport, 'AWS::BCMDataExports::Export').Export.DestinationConfigurations.S3Destination;
    const bucketName = only(costExport, 'AWS::S3::Bucket').BucketName;
    expect(destination.S3Bucket).toEqual(bucketName);
    const table = only(analytics, 'AWS::Glue::Table').TableInput;
    // s3://<bucket>/<prefix>/<export name>/data/BILLING_PERIOD=${billing_period}/, the bucket named the same way in both stacks.
    const [, [, account, path]] = table.Parameters['storage.location.template']['Fn::Join'];
    expect([bucketName['Fn::Join'][1][0], account, path]).toEqual(['datamaster-test-costs-', { Ref: 'AWS::AccountId' }, `/${destination.S3Prefix}/${only(costExport, 'AWS::BCMDataExports::Export').Export.Name}/data/BILLING_PERIOD=\${billing_period}/`]);
    expect(table.PartitionKeys).toEqual([{ Name: 'billing_period', Type: 'string' }]);
    expect(table.Parameters).toMatchObject({ 'projection.enabled': 'true', 'projection.billing_period.type': 'date', 'projection.billing_period.format': 'yyyy-MM', 'projection.billing_period.range': '2024-01,NOW' });
  });

  it("lets only this account's Data Exports write the cost bucket, and creates the export after that policy", () => {
    const statements = only(costExport, 'AWS::S3::BucketPolicy').PolicyDocument.Statement as CfnJson[];
    const grant = statements.find((s) => s.Effect === 'Allow');
    expect(grant).toMatchObject({ Principal: { Service: ['bcm-data-exports.amazonaws.com', 'billingreports.amazonaws.com'] }, Action: ['s3:PutObject', 's3:GetBucketPolicy'] });
    expect(grant.Condition.StringLike['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(Object.values(costExport.findResources('AWS::BCMDataExports::Export'))[0]!['DependsOn']).toContain(idOf(costExport, 'AWS::S3::BucketPolicy'));
  });
});

describe('the analytics stack: Grafana', () => {
  it('signs in through IAM Identity Center and reads Athena and CloudWatch with a role of its own', () => {
    expect(only(analytics, 'AWS::Grafana::Workspace')).toMatchObject({
      AuthenticationProviders: ['AWS_SSO'],
      AccountAccessType: 'CURRENT_ACCOUNT',
      PermissionType: 'CUSTOMER_MANAGED',
      DataSources: ['ATHENA', 'CLOUDWATCH'],
      RoleArn: { 'Fn::GetAtt': [idOf(analytics, 'AWS::IAM::Role'), 'Arn'] },
    });
    const role = only(analytics, 'AWS::IAM::Role');
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.AssumeRolePolicyDocument.Statement[0]).toMatchObject({ Principal: { Service: 'grafana.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } });
  });

  it('holds no wildcard action, no write outside the results prefix, and "*" only for CloudWatch metric reads', () => {
    const statements = only(analytics, 'AWS::IAM::Policy').PolicyDocument.Statement as CfnJson[];
    for (const statement of statements) for (const action of [statement.Action].flat()) expect(action).not.toContain('*');
    const everywhere = statements.filter((s) => [s.Resource].flat().includes('*'));
    expect(everywhere.flatMap((s) => [s.Action].flat()).every((a: string) => a.startsWith('cloudwatch:'))).toBe(true);
    const writes = statements.filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(writes.flatMap((s) => [s.Resource].flat())).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [idOf(analytics, 'AWS::S3::Bucket'), 'Arn'] }, `/${ATHENA_RESULTS_PREFIX}*`]] }]);
    const athena = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('athena:')));
    expect(JSON.stringify(athena.flatMap((s) => [s.Resource].flat()))).toMatch(/workgroup\/datamaster-test-analytics"/);
  });
});
