// The CUR 2.0 data export (the original set it up by hand in the console) and the bucket it writes to. Data Exports
// exists only in us-east-1, so this stack is always deployed there, whatever the platform's region; the analytics stack
// reads the bucket by name (costAndUsageLocation). Parquet, daily, with resource ids, each month overwritten in place.
import { Aws, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as bcmdataexports from 'aws-cdk-lib/aws-bcmdataexports';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { type Deployment } from '../deployment.js';
import { CUR_PREFIX, CUR_TABLE, curQueryStatement } from '@datamaster/lake-contract';
import { costAndUsageLocation } from './analytics/cost-and-usage.js';
import { SECURE_BUCKET } from './secure-bucket.js';

/** The only region Data Exports (and CloudFormation's AWS::BCMDataExports::Export) runs in. */
export const DATA_EXPORTS_REGION = 'us-east-1';

export interface CostExportStackProps extends StackProps {
  readonly deployment: Deployment;
}

export class CostExportStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly costExport: bcmdataexports.CfnExport;

  constructor(scope: Construct, id: string, props: CostExportStackProps) {
    super(scope, id, props);
    const location = costAndUsageLocation(props.deployment);
    // Billing data, no PII: S3-managed encryption, which Data Exports writes to without a key policy of ours.
    this.bucket = new s3.Bucket(this, 'Costs', {
      ...SECURE_BUCKET,
      bucketName: location.bucketName,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [{ id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The policy Data Exports requires: its services may write and check the policy, for this account's exports only.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('bcm-data-exports.amazonaws.com'), new iam.ServicePrincipal('billingreports.amazonaws.com')],
        actions: ['s3:PutObject', 's3:GetBucketPolicy'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions: {
          StringLike: {
            'aws:SourceAccount': Aws.ACCOUNT_ID,
            'aws:SourceArn': [`arn:${Aws.PARTITION}:cur:${DATA_EXPORTS_REGION}:${Aws.ACCOUNT_ID}:definition/*`, `arn:${Aws.PARTITION}:bcm-data-exports:${DATA_EXPORTS_REGION}:${Aws.ACCOUNT_ID}:export/*`],
          },
        },
      }),
    );
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: `S3 delivers access logs only to a bucket in the same region, and this bucket must be in ${DATA_EXPORTS_REGION} (Data Exports) while the logs bucket is in the platform's region. Its one writer is the Data Exports service; its readers are the analytics roles, through IAM.`,
    });

    this.costExport = new bcmdataexports.CfnExport(this, 'CostAndUsage', {
      export: {
        name: location.exportName,
        description: 'Datamaster: CUR 2.0, daily, with resource ids, for the cost dashboards',
        dataQuery: {
          queryStatement: curQueryStatement(),
          tableConfigurations: {
            [CUR_TABLE]: { TIME_GRANULARITY: 'DAILY', INCLUDE_RESOURCES: 'TRUE', INCLUDE_MANUAL_DISCOUNT_COMPATIBILITY: 'FALSE', INCLUDE_SPLIT_COST_ALLOCATION_DATA: 'FALSE' },
          },
        },
        destinationConfigurations: {
          s3Destination: {
            s3Bucket: location.bucketName,
            s3Prefix: CUR_PREFIX,
            s3Region: DATA_EXPORTS_REGION,
            s3OutputConfigurations: { outputType: 'CUSTOM', format: 'PARQUET', compression: 'PARQUET', overwrite: 'OVERWRITE_REPORT' },
          },
        },
        refreshCadence: { frequency: 'SYNCHRONOUS' },
      },
    });
    // Data Exports checks the bucket policy when the export is created.
    this.costExport.node.addDependency(this.bucket);
  }
}
