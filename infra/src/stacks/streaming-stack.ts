// Change data capture from the OLTP database into raw, the AWS side of what `datamaster stream` runs locally: Aurora
// PostgreSQL with logical replication, a DMS Serverless replication into an on-demand Kinesis stream, and Firehose with
// the platform's router writing raw/<table>/ objects. Nothing in it is public: the database and DMS sit in the
// isolated database subnets, each behind its own security group.
import { CfnOutput, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DeploymentContextError, resourceName, type Deployment } from '../deployment.js';
import { ChangeReplication } from './streaming/change-replication.js';
import { DeliveryStream } from './streaming/delivery-stream.js';
import { SourceDatabase } from './streaming/source-database.js';

export interface StreamingStackProps extends StackProps {
  readonly deployment: Deployment;
  readonly vpc: ec2.IVpc;
  readonly databaseSubnets: ec2.SubnetSelection;
  readonly secretsManagerEndpoint: ec2.IInterfaceVpcEndpoint;
  /** The stream, the database's storage and the raw objects: everything holding source rows in clear. */
  readonly rawKey: kms.IKey;
  /** The database credentials. */
  readonly lakeKey: kms.IKey;
  readonly rawBucket: s3.IBucket;
}

export class StreamingStack extends Stack {
  readonly database: SourceDatabase;
  readonly changes: kinesis.Stream;
  readonly replication: ChangeReplication;
  readonly delivery: DeliveryStream;

  constructor(scope: Construct, id: string, props: StreamingStackProps) {
    super(scope, id, props);
    const { deployment } = props;
    if (deployment.availabilityZones < 2) {
      throw new DeploymentContextError(
        `The streaming stack needs CDK context "availabilityZones" of at least 2 (Aurora's and DMS's subnet groups span two zones), got ${deployment.availabilityZones}.`,
      );
    }
    this.database = new SourceDatabase(this, 'Database', {
      deployment,
      vpc: props.vpc,
      subnets: props.databaseSubnets,
      storageKey: props.rawKey,
      secretKey: props.lakeKey,
      secretsManagerEndpoint: props.secretsManagerEndpoint,
    });
    this.changes = new kinesis.Stream(this, 'Changes', {
      streamName: resourceName(deployment, 'cdc'),
      streamMode: kinesis.StreamMode.ON_DEMAND,
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: props.rawKey,
      // Records live 24 hours in it; a retained stream would go on costing its stream-hours after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.changes).acknowledge({
      id: 'AwsSolutions::AwsSolutions-KDS3',
      reason: 'The stream carries source rows with PII in clear, so it is encrypted with the platform\'s raw key (rotated yearly, its policy ours, the same key as the raw bucket it feeds) rather than the AWS managed aws/kinesis key.',
    });
    this.replication = new ChangeReplication(this, 'Replication', {
      deployment,
      vpc: props.vpc,
      subnets: props.databaseSubnets,
      database: this.database,
      stream: this.changes,
      streamKey: props.rawKey,
      secretsManagerEndpoint: props.secretsManagerEndpoint,
    });
    this.delivery = new DeliveryStream(this, 'Delivery', { deployment, source: this.changes, sourceKey: props.rawKey, bucket: props.rawBucket, bucketKey: props.rawKey });

    // What an operator needs to seed the database and start the replication (CloudFormation creates it stopped).
    new CfnOutput(this, 'DatabaseEndpoint', { value: this.database.cluster.clusterEndpoint.hostname });
    new CfnOutput(this, 'DatabaseSecretArn', { value: this.database.secret.secretArn });
    new CfnOutput(this, 'ReplicationConfigArn', { value: this.replication.replication.ref });
  }
}
