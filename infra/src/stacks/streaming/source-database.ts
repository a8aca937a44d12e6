// The OLTP database the lake captures changes from: Aurora PostgreSQL Serverless v2 with logical replication, in the
// isolated database subnets, reachable only from the security groups this construct's users open it to (DMS, the
// credentials' rotation). The original's Aurora was public with 5432 open to the world.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SOURCE_DATABASE } from '@datamaster/lake-contract';
import { resourceName, type Deployment } from '../../deployment.js';
import { namedLogGroup } from '../log-retention.js';

export interface SourceDatabaseProps {
  readonly deployment: Deployment;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  /** Encrypts the cluster's storage: the rows, PII in clear, as the raw key does for raw objects and the stream. */
  readonly storageKey: kms.IKey;
  /** Encrypts the generated credentials. */
  readonly secretKey: kms.IKey;
  /** The rotation function reaches Secrets Manager through it (the subnets have no other way out). */
  readonly secretsManagerEndpoint: ec2.IInterfaceVpcEndpoint;
}

/** PostgreSQL 16, as the original ran: a minimum of 0 ACU (auto-pause) needs 16.3 or later, and DMS reads 16 as a source. */
const ENGINE = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_13 });
const PORT = 5432;
/** At most 4 ACU (about 8 GiB): the seed and the change simulator's rates, not a production load. */
const MAX_CAPACITY_ACU = 4;

export class SourceDatabase extends Construct {
  readonly cluster: rds.DatabaseCluster;
  /** The generated credentials (username, password, host, port, dbname), rotated monthly. */
  readonly secret: secretsmanager.ISecret;
  /** The key the credentials are encrypted with: whoever reads them decrypts with it. */
  readonly secretKey: kms.IKey;

  constructor(scope: Construct, id: string, props: SourceDatabaseProps) {
    super(scope, id);
    const { deployment } = props;
    this.secretKey = props.secretKey;
    const identifier = resourceName(deployment, 'oltp');
    // Declared here, not through the cluster's log retention option, which deploys a custom-resource Lambda for it.
    const postgresqlLogs = namedLogGroup(this, 'PostgresqlLogs', `/aws/rds/cluster/${identifier}/postgresql`, deployment);
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      securityGroupName: identifier,
      description: 'Datamaster OLTP database: PostgreSQL from DMS and the credentials rotation only',
      allowAllOutbound: false,
    });
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      clusterIdentifier: identifier,
      engine: ENGINE,
      port: PORT,
      parameterGroup: new rds.ParameterGroup(this, 'Parameters', {
        engine: ENGINE,
        description: 'Datamaster OLTP: logical replication for DMS, TLS only',
        parameters: { 'rds.logical_replication': '1', 'rds.force_ssl': '1' },
      }),
      writer: rds.ClusterInstance.serverlessV2('Writer', { publiclyAccessible: false, autoMinorVersionUpgrade: true }),
      serverlessV2MinCapacity: 0,
      serverlessV2MaxCapacity: MAX_CAPACITY_ACU,
      serverlessV2AutoPauseDuration: Duration.minutes(10),
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [securityGroup],
      defaultDatabaseName: SOURCE_DATABASE,
      credentials: rds.Credentials.fromGeneratedSecret('dmadmin', { secretName: resourceName(deployment, 'oltp-credentials'), encryptionKey: props.secretKey }),
      storageEncrypted: true,
      storageEncryptionKey: props.storageKey,
      iamAuthentication: true,
      deletionProtection: true,
      backup: { retention: Duration.days(7) },
      cloudwatchLogsExports: ['postgresql'],
      // Deletion protection stops a stack delete; once lifted, the cluster leaves a final snapshot behind.
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    this.cluster.node.addDependency(postgresqlLogs);
    Validations.of(this.cluster).acknowledge({
      id: 'AwsSolutions::AwsSolutions-RDS11',
      reason:
        'PostgreSQL keeps its standard port: the cluster sits in isolated subnets and its security group admits only the DMS replication and the credentials rotation, so another port would hide nothing from anyone who can reach it, and every PostgreSQL client and the DMS endpoint expect 5432.',
    });
    // `secret` is set whenever credentials are generated, as here.
    this.secret = this.cluster.secret as secretsmanager.ISecret;
    // The rotation function (AWS's, from the Serverless Application Repository) reaches the database and Secrets
    // Manager and nothing else. The rule on the endpoint's group lands in this stack (allowTo makes it a remote rule),
    // so the network stack never depends on this one.
    const rotationSecurityGroup = new ec2.SecurityGroup(this, 'RotationSecurityGroup', {
      vpc: props.vpc,
      securityGroupName: resourceName(deployment, 'oltp-rotation'),
      description: 'Datamaster OLTP credentials rotation: PostgreSQL to the database, HTTPS to Secrets Manager',
      allowAllOutbound: false,
    });
    rotationSecurityGroup.connections.allowToDefaultPort(props.secretsManagerEndpoint, 'Rotation reads and writes the credentials');
    this.cluster.addRotationSingleUser({
      automaticallyAfter: Duration.days(30),
      vpcSubnets: props.subnets,
      endpoint: props.secretsManagerEndpoint,
      securityGroup: rotationSecurityGroup,
    });
  }
}
