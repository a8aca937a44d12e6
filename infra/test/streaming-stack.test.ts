import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { DELIVERY_OBJECT_EXTENSION, DELIVERY_PARTITION_KEY, PROCESSING_FAILED_PREFIX, rawTablePrefix, SOURCE_DATABASE } from '@datamaster/lake-contract';
import { lakeManifest, tablesInLayer } from '@datamaster/lake-manifest';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeploymentContextError } from '../src/deployment.js';
import { TEST_DEPLOYMENT, testApp, type CfnJson } from './synth.js';

let outdir: string;
let template: Template;
let network: Template;
let resources: Record<string, CfnJson>;
const ofType = (type: string): [string, CfnJson][] => Object.entries(resources).filter(([, r]) => r.Type === type);
const one = (type: string): CfnJson => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0]![1].Properties;
};
const idOf = (type: string, prefix: string): string => ofType(type).find(([id]) => id.startsWith(prefix))?.[0] ?? `no ${type} ${prefix}*`;
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });

/** The network stack's subnet an Fn::ImportValue in the streaming stack stands for, by its subnet group name. */
function subnetGroupOf(imported: CfnJson): string | undefined {
  const exportName = imported['Fn::ImportValue'];
  const output = Object.values(network.toJSON()['Outputs'] as Record<string, CfnJson>).find((o) => o.Export?.Name === exportName);
  const subnet = network.toJSON()['Resources'][output?.Value?.Ref];
  return subnet?.Properties?.Tags?.find((t: CfnJson) => t.Key === 'aws-cdk:subnet-name')?.Value;
}

beforeAll(() => {
  const { app, stacks } = testApp();
  template = Template.fromStack(stacks.streaming);
  network = Template.fromStack(stacks.network);
  outdir = app.outdir;
  resources = template.toJSON()['Resources'];
});

describe('the streaming stack: the database', () => {
  it('is Aurora PostgreSQL Serverless v2 from 0 ACU with auto-pause, never public, in the database subnets', () => {
    const cluster = one('AWS::RDS::DBCluster');
    expect(cluster).toMatchObject({ Engine: 'aurora-postgresql', Port: 5432, DatabaseName: SOURCE_DATABASE, ServerlessV2ScalingConfiguration: { MinCapacity: 0, SecondsUntilAutoPause: 600 } });
    // 0 ACU exists from 16.3 on.
    const [major, minor] = String(cluster.EngineVersion).split('.').map(Number);
    expect(major! > 16 || (major === 16 && minor! >= 3), cluster.EngineVersion).toBe(true);
    for (const [, instance] of ofType('AWS::RDS::DBInstance')) expect(instance.Properties).toMatchObject({ DBInstanceClass: 'db.serverless', PubliclyAccessible: false });
    const subnets = one('AWS::RDS::DBSubnetGroup').SubnetIds as CfnJson[];
    expect(subnets).toHaveLength(TEST_DEPLOYMENT.availabilityZones);
    for (const subnet of subnets) expect(subnetGroupOf(subnet)).toBe('database');
  });

  it('replicates logically, takes TLS only, and keeps its data: deletion protection, backups, IAM auth, logs, the raw key', () => {
    expect(one('AWS::RDS::DBClusterParameterGroup').Parameters).toEqual({ 'rds.logical_replication': '1', 'rds.force_ssl': '1' });
    expect(one('AWS::RDS::DBCluster')).toMatchObject({
      DeletionProtection: true,
      BackupRetentionPeriod: 7,
      EnableIAMDatabaseAuthentication: true,
      EnableCloudwatchLogsExports: ['postgresql'],
      StorageEncrypted: true,
      KmsKeyId: { 'Fn::ImportValue': expect.stringMatching(/RawKey/) },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/cluster/datamaster-test-oltp/postgresql' });
  });

  it('keeps generated credentials in Secrets Manager under the lake key, rotated monthly from inside the VPC', () => {
    expect(one('AWS::SecretsManager::Secret')).toMatchObject({ KmsKeyId: { 'Fn::ImportValue': expect.stringMatching(/LakeKey/) }, GenerateSecretString: { GenerateStringKey: 'password' } });
    expect(one('AWS::SecretsManager::RotationSchedule').RotationRules).toEqual({ ScheduleExpression: 'rate(30 days)' });
    const rotation = one('AWS::Serverless::Application').Parameters;
    expect(rotation.vpcSecurityGroupIds).toEqual(getAtt(idOf('AWS::EC2::SecurityGroup', 'DatabaseRotationSecurityGroup'), 'GroupId'));
    expect(JSON.stringify(rotation.endpoint)).toMatch(/VpcSecretsManager/);
  });

  it('admits PostgreSQL from the DMS and rotation groups only, and nothing from an address range anywhere', () => {
    const databaseGroup = getAtt(idOf('AWS::EC2::SecurityGroup', 'DatabaseSecurityGroup'), 'GroupId');
    const ingress = ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
    for (const rule of ingress) {
      expect(rule.CidrIp).toBeUndefined();
      expect(rule.CidrIpv6).toBeUndefined();
    }
    const intoDatabase = ingress.filter((rule) => JSON.stringify(rule.GroupId) === JSON.stringify(databaseGroup));
    expect(intoDatabase.map((rule) => rule.SourceSecurityGroupId['Fn::GetAtt'][0]).sort()).toEqual(
      [idOf('AWS::EC2::SecurityGroup', 'DatabaseRotationSecurityGroup'), idOf('AWS::EC2::SecurityGroup', 'ReplicationSecurityGroup')].sort(),
    );
    for (const rule of intoDatabase) expect(rule.FromPort).toEqual(getAtt(idOf('AWS::RDS::DBCluster', 'DatabaseCluster'), 'Endpoint.Port'));
    for (const [, group] of ofType('AWS::EC2::SecurityGroup')) expect(group.Properties.SecurityGroupIngress).toBeUndefined();
  });
});

describe('the streaming stack: the replication', () => {
  it("replicates exactly the manifest's source tables, at their OLTP schema and table", () => {
    const sources = tablesInLayer(lakeManifest(), 'source').map((t) => t.source);
    const config = one('AWS::DMS::ReplicationConfig');
    expect(config.ReplicationType).toBe('full-load-and-cdc');
    const rules = config.TableMappings.rules as CfnJson[];
    expect(rules.map((r) => r['object-locator'])).toEqual(sources.map((s) => ({ 'schema-name': s?.schema, 'table-name': s?.table })));
    expect(new Set(rules.map((r) => r['rule-id'])).size).toBe(rules.length);
    expect(rules.every((r) => r['rule-type'] === 'selection' && r['rule-action'] === 'include')).toBe(true);
  });

  it('reads the database with its secret over TLS and writes the JSON records the router reads, keyed by primary key', () => {
    const endpoints = ofType('AWS::DMS::Endpoint').map(([, r]) => r.Properties);
    const source = endpoints.find((e) => e.EndpointType === 'source');
    expect(source).toMatchObject({ EngineName: 'aurora-postgresql', DatabaseName: SOURCE_DATABASE, SslMode: 'require', PostgreSqlSettings: { SecretsManagerSecretId: { Ref: expect.stringMatching(/SecretAttachment/) }, HeartbeatEnable: true } });
    const target = endpoints.find((e) => e.EndpointType === 'target');
    expect(target?.KinesisSettings).toMatchObject({
      StreamArn: getAtt(idOf('AWS::Kinesis::Stream', 'Changes'), 'Arn'),
      MessageFormat: 'json-unformatted',
      IncludeTransactionDetails: true,
      IncludeControlDetails: true,
      IncludeTableAlterOperations: true,
      PartitionIncludeSchemaTable: true,
    });
  });

  it('runs serverless in the database subnets behind a group that reaches only the database, Secrets Manager and Kinesis', () => {
    const config = one('AWS::DMS::ReplicationConfig').ComputeConfig;
    const group = idOf('AWS::EC2::SecurityGroup', 'ReplicationSecurityGroup');
    expect(config).toMatchObject({ MinCapacityUnits: 1, VpcSecurityGroupIds: [getAtt(group, 'GroupId')], KmsKeyId: { 'Fn::ImportValue': expect.stringMatching(/RawKey/) } });
    for (const subnet of one('AWS::DMS::ReplicationSubnetGroup').SubnetIds) expect(subnetGroupOf(subnet)).toBe('database');
    const egress = ofType('AWS::EC2::SecurityGroupEgress').map(([, r]) => r.Properties).filter((rule) => rule.GroupId['Fn::GetAtt']?.[0] === group);
    const destinations = egress.map((rule) => JSON.stringify(rule.DestinationSecurityGroupId));
    expect(destinations).toHaveLength(3);
    expect(destinations.some((d) => d.includes('DatabaseSecurityGroup'))).toBe(true);
    expect(destinations.some((d) => d.includes('VpcSecretsManagerSecurityGroup'))).toBe(true);
    expect(destinations.some((d) => d.includes('KinesisEndpointSecurityGroup'))).toBe(true);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: 'com.amazonaws.eu-west-1.kinesis-streams', PrivateDnsEnabled: true });
  });

  it("creates DMS's account roles trusted by DMS alone, unless the deployment says the account has them", () => {
    const roles = ofType('AWS::IAM::Role').map(([, r]) => r.Properties).filter((r) => String(r.RoleName).startsWith('dms-'));
    expect(roles.map((r) => r.RoleName).sort()).toEqual(['dms-cloudwatch-logs-role', 'dms-vpc-role']);
    for (const role of roles) expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'dms.amazonaws.com' } }]);
    const without = Template.fromStack(testApp({ ...TEST_DEPLOYMENT, dmsServiceRoles: false }).stacks.streaming).toJSON()['Resources'] as Record<string, CfnJson>;
    expect(Object.values(without).filter((r) => r.Type === 'AWS::IAM::Role' && String(r.Properties.RoleName).startsWith('dms-'))).toEqual([]);
  });

  it('refuses a single availability zone, which Aurora and DMS subnet groups cannot span', () => {
    expect(() => testApp({ ...TEST_DEPLOYMENT, availabilityZones: 1 })).toThrow(DeploymentContextError);
    expect(() => testApp({ ...TEST_DEPLOYMENT, availabilityZones: 1 })).toThrow(/"availabilityZones" of at least 2.*got 1/);
  });
});

describe('the streaming stack: the stream and the delivery into raw', () => {
  it('streams on demand, encrypted with the raw key', () => {
    expect(one('AWS::Kinesis::Stream')).toMatchObject({ StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::ImportValue': expect.stringMatching(/RawKey/) } } });
  });

  it("delivers into the contract's raw prefixes, by the router's partition key, gzip'd, under the raw key", () => {
    const delivery = one('AWS::KinesisFirehose::DeliveryStream');
    expect(delivery.KinesisStreamSourceConfiguration.KinesisStreamARN).toEqual(getAtt(idOf('AWS::Kinesis::Stream', 'Changes'), 'Arn'));
    const s3 = delivery.ExtendedS3DestinationConfiguration;
    expect(s3.Prefix).toBe(rawTablePrefix(`!{partitionKeyFromLambda:${DELIVERY_PARTITION_KEY}}`));
    // Firehose names the router's failures "processing-failed": they must land where the local stream puts them.
    const failed = s3.ErrorOutputPrefix.replace('!{firehose:error-output-type}', 'processing-failed').replace('!{timestamp:yyyy/MM/dd}', '2026/12/07');
    expect(failed).toBe(`${PROCESSING_FAILED_PREFIX}2026/12/07/`);
    expect(s3).toMatchObject({
      BucketARN: { 'Fn::ImportValue': expect.stringMatching(/Raw/) },
      FileExtension: DELIVERY_OBJECT_EXTENSION,
      CompressionFormat: 'GZIP',
      DynamicPartitioningConfiguration: { Enabled: true },
      BufferingHints: { SizeInMBs: 64 },
      EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: { 'Fn::ImportValue': expect.stringMatching(/RawKey/) } } },
    });
    const [processor] = s3.ProcessingConfiguration.Processors;
    expect(processor.Type).toBe('Lambda');
    expect(processor.Parameters).toContainEqual({ ParameterName: 'LambdaArn', ParameterValue: getAtt(idOf('AWS::Lambda::Function', 'DeliveryRouter'), 'Arn') });
  });

  it('runs the built firehose-router bundle as the router', () => {
    const router = one('AWS::Lambda::Function');
    expect(router).toMatchObject({ Handler: 'index.handler', Runtime: expect.stringMatching(/^nodejs\d+\.x$/) });
    const asset = join(outdir, `asset.${String(router.Code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs');
    const bundle = fileURLToPath(new URL('../../apps/firehose-router/dist/index.mjs', import.meta.url));
    expect(readFileSync(asset).equals(readFileSync(bundle))).toBe(true);
  });

  it("keeps the database's, the router's and the delivery's logs for the deployment's retention, and lets them go with the stack", () => {
    const groups = ofType('AWS::Logs::LogGroup').map(([, r]) => r);
    expect(groups.map((g) => g.Properties.LogGroupName).sort()).toEqual(
      ['/aws/kinesisfirehose/datamaster-test-cdc-delivery', '/aws/lambda/datamaster-test-firehose-router', '/aws/rds/cluster/datamaster-test-oltp/postgresql'].sort(),
    );
    for (const group of groups) expect(group).toMatchObject({ DeletionPolicy: 'Delete', Properties: { RetentionInDays: TEST_DEPLOYMENT.logRetentionDays } });
  });

  it('grants no action on every resource, and writes raw objects only under raw/ and errors/', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement as CfnJson[]);
    for (const statement of statements) expect([statement.Resource].flat()).not.toContain('*');
    const puts = statements.filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(puts.flatMap((s) => s.Resource).map((r: CfnJson) => r['Fn::Join'][1][1])).toEqual(['/raw/*', '/errors/*']);
    for (const [, role] of ofType('AWS::IAM::Role')) {
      if (!String(role.Properties.RoleName).startsWith('dms-')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});
