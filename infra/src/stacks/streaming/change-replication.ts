// Change data capture on AWS: a DMS Serverless replication, full load then ongoing changes, from the OLTP database
// to the Kinesis stream, in the records the platform's router reads (libs/cdc's envelope: JSON one line per record,
// transaction details, control records for DDL). It runs in the isolated database subnets and reaches the database,
// Secrets Manager (its credentials) and Kinesis only through its own security group; the original's was public.
import { Aws } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SOURCE_DATABASE } from '@datamaster/lake-contract';
import { lakeManifest, type LakeManifest } from '@datamaster/lake-manifest';
import { resourceName, type Deployment } from '../../deployment.js';
import { cdcTableMappings } from './cdc-table-mappings.js';
import { DmsServiceRoles } from './dms-service-roles.js';
import type { SourceDatabase } from './source-database.js';

export interface ChangeReplicationProps {
  readonly deployment: Deployment;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly database: SourceDatabase;
  readonly stream: kinesis.IStream;
  /** The stream's key: DMS needs a data key from it to put records. */
  readonly streamKey: kms.IKey;
  readonly secretsManagerEndpoint: ec2.IInterfaceVpcEndpoint;
  /** The tables to replicate are its source tables; the bundled manifest by default. */
  readonly manifest?: LakeManifest;
}

/** DMS capacity units (2 GiB each): 1 when idle, up to 4 for the full load. */
const CAPACITY_UNITS = { min: 1, max: 4 } as const;

/** The Kinesis record shape libs/cdc's envelope and router read. */
const KINESIS_RECORD_SETTINGS = {
  messageFormat: 'json-unformatted',
  includeTransactionDetails: true,
  includePartitionValue: true,
  partitionIncludeSchemaTable: true,
  includeTableAlterOperations: true,
  includeControlDetails: true,
  includeNullAndEmpty: true,
} as const satisfies dms.CfnEndpoint.KinesisSettingsProperty;

export class ChangeReplication extends Construct {
  readonly securityGroup: ec2.SecurityGroup;
  readonly replication: dms.CfnReplicationConfig;

  constructor(scope: Construct, id: string, props: ChangeReplicationProps) {
    super(scope, id);
    const { deployment } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      securityGroupName: resourceName(deployment, 'dms'),
      description: 'Datamaster DMS replication: PostgreSQL to the database, HTTPS to Secrets Manager and Kinesis',
      allowAllOutbound: false,
    });
    props.database.cluster.connections.allowDefaultPortFrom(this.securityGroup, 'DMS reads the changes');
    // From this side, so the rule on the endpoint's group lands in this stack, not in the network stack.
    this.securityGroup.connections.allowToDefaultPort(props.secretsManagerEndpoint, 'DMS reads the database credentials');
    // Only DMS calls Kinesis from inside the VPC (Firehose reads the stream from the service side), so the endpoint is
    // this construct's, in the replication's subnets.
    const kinesisEndpoint = new ec2.InterfaceVpcEndpoint(this, 'KinesisEndpoint', {
      vpc: props.vpc,
      service: ec2.InterfaceVpcEndpointAwsService.KINESIS_STREAMS,
      subnets: props.subnets,
      privateDnsEnabled: true,
      open: false,
    });
    kinesisEndpoint.connections.allowDefaultPortFrom(this.securityGroup, 'DMS puts the changes');

    const subnetGroup = new dms.CfnReplicationSubnetGroup(this, 'SubnetGroup', {
      replicationSubnetGroupIdentifier: resourceName(deployment, 'dms'),
      replicationSubnetGroupDescription: 'Datamaster DMS replication: the isolated database subnets',
      subnetIds: props.vpc.selectSubnets(props.subnets).subnetIds,
    });
    if (deployment.dmsServiceRoles) subnetGroup.node.addDependency(new DmsServiceRoles(this, 'ServiceRoles').vpcRole);

    const secretReader = this.secretReader(props.database.secret, props.database.secretKey);
    const source = new dms.CfnEndpoint(this, 'Source', {
      endpointIdentifier: resourceName(deployment, 'oltp-source'),
      endpointType: 'source',
      engineName: 'aurora-postgresql',
      databaseName: SOURCE_DATABASE,
      sslMode: 'require',
      postgreSqlSettings: {
        secretsManagerSecretId: props.database.secret.secretArn,
        secretsManagerAccessRoleArn: secretReader.roleArn,
        // Writes to the source every few minutes so the replication slot advances even when nothing changes: an idle
        // slot would keep every WAL segment.
        heartbeatEnable: true,
        heartbeatFrequency: 5,
      },
    });

    // Each endpoint waits for its role's policy, not only for the role.
    source.node.addDependency(secretReader);

    const streamWriter = this.streamWriter(props.stream, props.streamKey);
    const target = new dms.CfnEndpoint(this, 'Target', {
      endpointIdentifier: resourceName(deployment, 'cdc-target'),
      endpointType: 'target',
      engineName: 'kinesis',
      kinesisSettings: { ...KINESIS_RECORD_SETTINGS, streamArn: props.stream.streamArn, serviceAccessRoleArn: streamWriter.roleArn },
    });
    target.node.addDependency(streamWriter);

    this.replication = new dms.CfnReplicationConfig(this, 'Replication', {
      replicationConfigIdentifier: resourceName(deployment, 'cdc'),
      resourceIdentifier: resourceName(deployment, 'cdc'),
      replicationType: 'full-load-and-cdc',
      sourceEndpointArn: source.ref,
      targetEndpointArn: target.ref,
      tableMappings: cdcTableMappings(props.manifest ?? lakeManifest()),
      replicationSettings: {
        Logging: { EnableLogging: true },
        // Kinesis has no tables to prepare. DMS reads PostgreSQL text as a LOB: limited mode inlines values up to
        // 32 KiB (names and styles, far below it) instead of fetching each LOB separately.
        FullLoadSettings: { TargetTablePrepMode: 'DO_NOTHING' },
        TargetMetadata: { SupportLobs: true, LimitedSizeLobMode: true, LobMaxSize: 32 },
      },
      computeConfig: {
        minCapacityUnits: CAPACITY_UNITS.min,
        maxCapacityUnits: CAPACITY_UNITS.max,
        multiAz: false,
        replicationSubnetGroupId: subnetGroup.ref,
        vpcSecurityGroupIds: [this.securityGroup.securityGroupId],
        // The replication's own storage holds rows in flight: PII in clear, like the stream.
        kmsKeyId: props.streamKey.keyArn,
      },
    });
  }

  /**
   * DMS reads the database credentials with this role (Secrets Manager access roles trust the regional DMS principal).
   * Written out rather than `secret.grantRead`, which would name this role in the key's policy, in the security stack.
   */
  private secretReader(secret: secretsmanager.ISecret, secretKey: kms.IKey): iam.Role {
    const role = new iam.Role(this, 'SecretReader', {
      description: 'AWS DMS: reads the OLTP database credentials',
      assumedBy: new iam.ServicePrincipal(`dms.${Aws.REGION}.amazonaws.com`),
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [secret.secretArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [secretKey.keyArn], conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } } }));
    return role;
  }

  /** DMS puts records into the stream with this role. */
  private streamWriter(stream: kinesis.IStream, streamKey: kms.IKey): iam.Role {
    const role = new iam.Role(this, 'StreamWriter', { description: 'AWS DMS: puts changes into the CDC stream', assumedBy: new iam.ServicePrincipal('dms.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['kinesis:DescribeStream', 'kinesis:PutRecord', 'kinesis:PutRecords'], resources: [stream.streamArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [streamKey.keyArn] }));
    return role;
  }
}
