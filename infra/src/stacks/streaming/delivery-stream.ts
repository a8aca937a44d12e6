// The CDC stream into raw: Firehose reads the Kinesis stream, the router Lambda (apps/firehose-router, the router the
// local delivery stream runs) turns each DMS record into one NDJSON line keyed by its lake table, and Firehose writes
// gzip'd objects under raw/<table>/ and the records it could not route under its error prefix. Prefixes, the partition
// key and the object extension are the contract's layout. L1 resource: the L2 construct has no dynamic partitioning.
import { ArnFormat, Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DELIVERY_OBJECT_EXTENSION, DELIVERY_PARTITION_KEY, ERRORS_PREFIX, RAW_PREFIX, rawTablePrefix } from '@datamaster/lake-contract';
import { resourceName, type Deployment } from '../../deployment.js';
import { acknowledgeNodeRuntime, appBundle, BUNDLE_HANDLER, NODE_LAMBDA_RUNTIME } from '../app-bundle.js';
import { namedLogGroup } from '../log-retention.js';
import { acknowledgeWildcardResources, bucketArnSeenFrom } from '../nag-findings.js';

/** raw/!{partitionKeyFromLambda:table_name}/: each table's objects under its raw prefix, control records under raw/_control/. */
export const DELIVERY_PREFIX = rawTablePrefix(`!{partitionKeyFromLambda:${DELIVERY_PARTITION_KEY}}`);
/** errors/<error kind>/<yyyy/MM/dd>/: the router's failures land under PROCESSING_FAILED_PREFIX, as the local stream writes them. */
export const DELIVERY_ERROR_PREFIX = `${ERRORS_PREFIX}!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`;

/** Dynamic partitioning needs at least 64 MiB; a minute bounds the latency from a commit to its raw object. */
const BUFFERING = { sizeInMBs: 64, intervalInSeconds: 60 } as const;

export interface DeliveryStreamProps {
  readonly deployment: Deployment;
  readonly source: kinesis.IStream;
  readonly sourceKey: kms.IKey;
  readonly bucket: s3.IBucket;
  readonly bucketKey: kms.IKey;
}

export class DeliveryStream extends Construct {
  readonly router: lambda.Function;
  readonly deliveryStream: firehose.CfnDeliveryStream;

  constructor(scope: Construct, id: string, props: DeliveryStreamProps) {
    super(scope, id);
    const { deployment } = props;
    const name = resourceName(deployment, 'cdc-delivery');
    this.router = this.routerFunction(deployment);

    const deliveryLogs = namedLogGroup(this, 'Logs', `/aws/kinesisfirehose/${name}`, deployment);
    const deliveryLogStream = new logs.LogStream(this, 'DeliveryLogStream', { logGroup: deliveryLogs, logStreamName: 'DestinationDelivery' });
    const role = this.deliveryRole(props, deliveryLogs, deliveryLogStream);

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Resource', {
      deliveryStreamName: name,
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: { kinesisStreamArn: props.source.streamArn, roleArn: role.roleArn },
      extendedS3DestinationConfiguration: {
        bucketArn: props.bucket.bucketArn,
        roleArn: role.roleArn,
        prefix: DELIVERY_PREFIX,
        errorOutputPrefix: DELIVERY_ERROR_PREFIX,
        fileExtension: DELIVERY_OBJECT_EXTENSION,
        compressionFormat: 'GZIP',
        bufferingHints: BUFFERING,
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: props.bucketKey.keyArn } },
        dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'Lambda',
              parameters: [
                { parameterName: 'LambdaArn', parameterValue: this.router.functionArn },
                { parameterName: 'BufferSizeInMBs', parameterValue: '1' },
                { parameterName: 'BufferIntervalInSeconds', parameterValue: '60' },
                { parameterName: 'NumberOfRetries', parameterValue: '3' },
              ],
            },
          ],
        },
        cloudWatchLoggingOptions: { enabled: true, logGroupName: deliveryLogs.logGroupName, logStreamName: deliveryLogStream.logStreamName },
        s3BackupMode: 'Disabled',
      },
    });
    this.deliveryStream.node.addDependency(role);
    Validations.of(this.deliveryStream).acknowledge({
      id: 'AwsSolutions::AwsSolutions-KDF1',
      reason:
        'Firehose refuses server-side encryption of its own buffer when its source is a Kinesis data stream. The records are encrypted at rest in that stream and in the raw bucket, both with the raw key, and in transit with TLS.',
    });
  }

  /** The router: the built firehose-router bundle, logging to a log group of ours (retention) and nothing else. */
  private routerFunction(deployment: Deployment): lambda.Function {
    const functionName = resourceName(deployment, 'firehose-router');
    const logGroup = namedLogGroup(this, 'RouterLogs', `/aws/lambda/${functionName}`, deployment);
    const role = new iam.Role(this, 'RouterRole', { description: 'Datamaster Firehose router: writes its own logs', assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    const router = new lambda.Function(this, 'Router', {
      functionName,
      description: 'Datamaster: routes each CDC record to its raw table (apps/firehose-router)',
      code: appBundle('firehose-router'),
      handler: BUNDLE_HANDLER,
      runtime: NODE_LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // Firehose waits up to 5 minutes per invocation; a 1 MiB batch takes well under a second.
      timeout: Duration.minutes(1),
      role,
      logGroup,
    });
    acknowledgeNodeRuntime(router);
    return router;
  }

  /** What Firehose may do: read the stream, invoke the router, write raw/ and errors/ under the raw key, log. */
  private deliveryRole(props: DeliveryStreamProps, deliveryLogs: logs.LogGroup, deliveryLogStream: logs.LogStream): iam.Role {
    const role = new iam.Role(this, 'Role', {
      description: 'Datamaster CDC delivery stream',
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'sts:ExternalId': Aws.ACCOUNT_ID } } }),
    });
    const bucketArn = bucketArnSeenFrom(this, props.bucket);
    const objects = [RAW_PREFIX, ERRORS_PREFIX].map((prefix) => `${bucketArn}/${prefix}*`);
    const statements = [
      new iam.PolicyStatement({ actions: ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'], resources: [props.source.streamArn] }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.sourceKey.keyArn], conditions: { StringEquals: { 'kms:ViaService': `kinesis.${Aws.REGION}.amazonaws.com` } } }),
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], resources: [this.router.functionArn] }),
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], resources: [bucketArn] }),
      new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'], resources: objects }),
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.bucketKey.keyArn], conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } } }),
      new iam.PolicyStatement({
        actions: ['logs:PutLogEvents'],
        resources: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: `${deliveryLogs.logGroupName}:log-stream:${deliveryLogStream.logStreamName}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
    ];
    for (const statement of statements) role.addToPolicy(statement);
    acknowledgeWildcardResources(role, objects, 'Firehose names its objects itself (table, time and a UUID under raw/, error kind and day under errors/): it may write any object under those two prefixes of the raw bucket and nowhere else.');
    return role;
  }
}
