// The platform's buckets. raw: what arrives (batch extracts, the delivery stream's objects and its error output),
// under the raw key. lake: bronze, quarantine, work files and the Iceberg warehouse, under the lake key. artifacts:
// worker bundles and the Spark package. logs: the other buckets' access logs. Every bucket refuses plain HTTP and
// public access; prefixes and lifecycle follow the contract's layout, never restated here.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { BRONZE_PREFIX, ERRORS_PREFIX, RAW_PREFIX, STACK_OUTPUTS } from '@datamaster/lake-contract';
import { type Deployment } from '../deployment.js';
import { accessLogsInto, SECURE_BUCKET } from './secure-bucket.js';

export interface StorageStackProps extends StackProps {
  readonly deployment: Deployment;
  readonly rawKey: kms.IKey;
  readonly lakeKey: kms.IKey;
}

export class StorageStack extends Stack {
  readonly rawBucket: s3.Bucket;
  readonly lakeBucket: s3.Bucket;
  readonly artifactsBucket: s3.Bucket;
  readonly logsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props);
    const { deployment } = props;
    // S3 server access logs can only be delivered to a bucket with S3-managed encryption.
    this.logsBucket = new s3.Bucket(this, 'Logs', {
      ...SECURE_BUCKET,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(deployment.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const accessLogs = (name: string) => accessLogsInto(this.logsBucket, name);
    this.rawBucket = new s3.Bucket(this, 'Raw', {
      ...SECURE_BUCKET,
      ...accessLogs('raw'),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.rawKey,
      bucketKeyEnabled: true,
      versioned: true,
      lifecycleRules: [
        {
          id: 'raw-objects',
          prefix: RAW_PREFIX,
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(deployment.rawRetention.infrequentAccessAfterDays) }],
          expiration: Duration.days(deployment.rawRetention.expireAfterDays),
          noncurrentVersionExpiration: Duration.days(30),
        },
        { id: 'delivery-errors', prefix: ERRORS_PREFIX, expiration: Duration.days(deployment.errorsExpireAfterDays), noncurrentVersionExpiration: Duration.days(30) },
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Object-created events go to EventBridge, where the ingestion stack's rule starts registration: nothing in this
    // stack depends on the ingestion stack's function. Set on the CloudFormation resource itself: the construct's
    // `eventBridgeEnabled` would deploy a custom-resource Lambda to do the same.
    (this.rawBucket.node.defaultChild as s3.CfnBucket).addPropertyOverride('NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled', true);
    this.lakeBucket = new s3.Bucket(this, 'Lake', {
      ...SECURE_BUCKET,
      ...accessLogs('lake'),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.lakeKey,
      bucketKeyEnabled: true,
      versioned: true,
      lifecycleRules: [
        {
          id: 'bronze',
          prefix: BRONZE_PREFIX,
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(deployment.bronzeInfrequentAccessAfterDays) }],
        },
        // Snapshot expiry and orphan deletion remove files; versioning would otherwise keep them forever.
        { id: 'noncurrent-versions', noncurrentVersionExpiration: Duration.days(30) },
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.artifactsBucket = new s3.Bucket(this, 'Artifacts', {
      ...SECURE_BUCKET,
      ...accessLogs('artifacts'),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.lakeKey,
      bucketKeyEnabled: true,
      versioned: true,
      lifecycleRules: [{ id: 'noncurrent-versions', noncurrentVersionExpiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // What `datamaster` reads to work against this deployment.
    new CfnOutput(this, STACK_OUTPUTS.storage.rawBucket, { value: this.rawBucket.bucketName, description: 'The raw bucket: raw/ and errors/ (RAW_URI)' });
    new CfnOutput(this, STACK_OUTPUTS.storage.lakeBucket, { value: this.lakeBucket.bucketName, description: 'The lake bucket: bronze, quarantine, work files, the warehouse (LAKE_URI)' });
  }
}
