// Analytics and observability: the Athena workgroup every query runs in (results in a bucket of its own, encrypted,
// location enforced, a per-query scan limit), the cost and usage table over the CUR 2.0 export (months found by
// partition projection, not added by hand as in the original), and the Grafana workspace that reads both and CloudWatch.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { resourceName, type Deployment } from '../deployment.js';
import type { CostAndUsageLocation } from './analytics/cost-and-usage.js';
import { GrafanaWorkspace } from './analytics/grafana-workspace.js';
import { accessLogsInto, SECURE_BUCKET } from './secure-bucket.js';
import { BILLING_PERIOD, COSTS_TABLE, CUR_COLUMNS, STACK_OUTPUTS, costsDatabaseName } from '@datamaster/lake-contract';

export interface AnalyticsStackProps extends StackProps {
  readonly deployment: Deployment;
  /** Encrypts query results: they hold lake data. */
  readonly lakeKey: kms.IKey;
  readonly logsBucket: s3.IBucket;
  readonly costAndUsage: CostAndUsageLocation;
}

/** Where the workgroup writes results, in the results bucket. */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';
/** A result is the output of a query that can run again: kept a month for re-reading, then expired. */
const RESULTS_EXPIRE_AFTER = Duration.days(30);
/** The month the CUR 2.0 export's data can start from; partition projection looks no further back. */
const FIRST_BILLING_PERIOD = '2024-01';

export class AnalyticsStack extends Stack {
  readonly workgroupName: string;
  readonly resultsBucket: s3.Bucket;
  readonly workgroup: athena.CfnWorkGroup;
  readonly costs: glue.S3Table;
  readonly grafana: GrafanaWorkspace;

  constructor(scope: Construct, id: string, props: AnalyticsStackProps) {
    super(scope, id, props);
    const { deployment } = props;
    this.workgroupName = resourceName(deployment, 'analytics');
    this.resultsBucket = new s3.Bucket(this, 'Results', {
      ...SECURE_BUCKET,
      ...accessLogsInto(props.logsBucket, 'athena-results'),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.lakeKey,
      bucketKeyEnabled: true,
      lifecycleRules: [
        { id: 'athena-results', prefix: ATHENA_RESULTS_PREFIX, expiration: RESULTS_EXPIRE_AFTER },
        { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.workgroup = new athena.CfnWorkGroup(this, 'Workgroup', {
      name: this.workgroupName,
      description: 'Datamaster: every query of the platform, its dashboards and its users',
      state: 'ENABLED',
      workGroupConfiguration: {
        // Clients cannot send results elsewhere, unencrypted, or scan more than the limit.
        enforceWorkGroupConfiguration: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        bytesScannedCutoffPerQuery: deployment.athenaQueryScanLimitGb * 1e9,
        publishCloudWatchMetricsEnabled: true,
        resultConfiguration: {
          outputLocation: this.resultsBucket.s3UrlForObject(ATHENA_RESULTS_PREFIX),
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.lakeKey.keyArn },
          expectedBucketOwner: this.account,
        },
      },
    });

    // Named here and by these names elsewhere, not through the constructs' attributes: the role's policy then refers
    // to no Glue resource, which a local AWS-API server that skips Glue could not resolve.
        const costsDatabase = new glue.Database(this, 'CostsDatabase', {
      databaseName: costsDatabaseName(deployment.stage),
      description: 'Datamaster: AWS cost and usage (CUR 2.0 data export)',
    });
    const costsBucket = s3.Bucket.fromBucketName(this, 'CostsBucket', props.costAndUsage.bucketName);
    this.costs = new glue.S3Table(this, 'CostAndUsage', {
      database: costsDatabase,
      tableName: COSTS_TABLE,
      description: 'CUR 2.0, one partition per billing month, found by partition projection',
      storage: glue.S3TableStorage.fromBucket(costsBucket),
      s3Prefix: props.costAndUsage.dataPrefix,
      dataFormat: glue.DataFormat.PARQUET,
      // S3-managed encryption, which S3 undoes itself; the flag is for client-side encrypted data.
      hasEncryptedData: false,
      columns: CUR_COLUMNS.map(({ name, type }) => ({ name, type: glue.Schema.custom(type, !type.includes('<')) })),
      partitionKeys: [{ name: BILLING_PERIOD.column, type: glue.Schema.STRING }],
      partitionProjection: {
        [BILLING_PERIOD.column]: glue.PartitionProjectionConfiguration.date({
          min: FIRST_BILLING_PERIOD,
          max: 'NOW',
          format: BILLING_PERIOD.format,
          step: { interval: 1, intervalUnit: glue.DateIntervalUnit.MONTHS },
        }),
      },
      parameters: {
        // Data Exports names the partition folders BILLING_PERIOD=…, not billing_period=… as Hive would.
        'storage.location.template': `${costsBucket.s3UrlForObject(props.costAndUsage.dataPrefix)}${BILLING_PERIOD.folder}=\${${BILLING_PERIOD.column}}/`,
      },
    });

    this.grafana = new GrafanaWorkspace(this, 'Grafana', {
      deployment,
      workgroupName: this.workgroupName,
      results: { bucketArn: this.resultsBucket.bucketArn, objectsArn: this.resultsBucket.arnForObjects(`${ATHENA_RESULTS_PREFIX}*`), key: props.lakeKey },
      tables: [
        {
          database: costsDatabaseName(deployment.stage),
          table: COSTS_TABLE,
          bucketArn: costsBucket.bucketArn,
          objectsArn: costsBucket.arnForObjects(`${props.costAndUsage.dataPrefix}*`),
        },
      ],
    });

    new CfnOutput(this, STACK_OUTPUTS.analytics.athenaWorkgroup, { value: this.workgroupName, description: 'The Athena workgroup `datamaster query` runs in (its results location is enforced)' });
  }
}
