// Amazon Managed Grafana for the dashboards: sign-in through IAM Identity Center (the original's template said SAML
// while its docs said SSO), data sources Athena and CloudWatch, and a role of ours that can run queries in the
// platform's workgroup on the tables it is given and read metrics, nothing more. The original's role held
// AmazonAthenaFullAccess, AWSGlueConsoleFullAccess and S3 read-write on every bucket.
import { Aws, Stack } from 'aws-cdk-lib';
import * as grafana from 'aws-cdk-lib/aws-grafana';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { resourceName, type Deployment } from '../../deployment.js';
import { acknowledgeWildcardResources } from '../nag-findings.js';

export interface GrafanaWorkspaceProps {
  readonly deployment: Deployment;
  readonly workgroupName: string;
  /** The query results: Athena writes them with the caller's permissions, encrypted with the results key. */
  readonly results: { readonly bucketArn: string; readonly objectsArn: string; readonly key: kms.IKey };
  /** The Glue tables the dashboards query, and where their data is. */
  readonly tables: readonly { readonly database: string; readonly table: string; readonly bucketArn: string; readonly objectsArn: string }[];
}

export class GrafanaWorkspace extends Construct {
  readonly role: iam.Role;
  readonly workspace: grafana.CfnWorkspace;

  constructor(scope: Construct, id: string, props: GrafanaWorkspaceProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      description: 'Datamaster Grafana: Athena queries in the platform workgroup, CloudWatch metrics',
      assumedBy: new iam.ServicePrincipal('grafana.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'grafana', resource: '/workspaces', resourceName: '*' }) },
        },
      }),
    });
    const workgroupArn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workgroupName });
    const catalogArn = stack.formatArn({ service: 'athena', resource: 'datacatalog', resourceName: 'AwsDataCatalog' });
    const glue = (resource: string, resourceName?: string) => stack.formatArn({ service: 'glue', resource, ...(resourceName === undefined ? {} : { resourceName }) });
    const statements = [
      new iam.PolicyStatement({
        actions: ['athena:GetWorkGroup', 'athena:StartQueryExecution', 'athena:StopQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:GetQueryRuntimeStatistics'],
        resources: [workgroupArn],
      }),
      new iam.PolicyStatement({ actions: ['athena:GetDataCatalog', 'athena:ListDatabases', 'athena:GetDatabase', 'athena:ListTableMetadata', 'athena:GetTableMetadata'], resources: [catalogArn] }),
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
        resources: [glue('catalog'), ...props.tables.flatMap(({ database, table }) => [glue('database', database), glue('table', `${database}/${table}`)])],
      }),
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation', 's3:ListBucket'], resources: [...new Set([props.results.bucketArn, ...props.tables.map((t) => t.bucketArn)])] }),
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: props.tables.map((t) => t.objectsArn) }),
      new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], resources: [props.results.objectsArn] }),
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.results.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
      }),
      // CloudWatch's metric reads have no resource-level permissions.
      new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'cloudwatch:DescribeAlarms'], resources: ['*'] }),
    ];
    for (const statement of statements) this.role.addToPolicy(statement);
    acknowledgeWildcardResources(
      this.role,
      ['*'],
      'cloudwatch:GetMetricData, ListMetrics and DescribeAlarms accept no resource ARN (the service has no resource-level permissions for them); they read metrics and alarm states, never data.',
    );
    acknowledgeWildcardResources(
      this.role,
      [props.results.objectsArn, ...props.tables.map((t) => t.objectsArn)],
      'Athena names each result object by query id under the workgroup\'s results prefix, and reads every object of a table\'s partitions: access is to those prefixes only, read-only for the table data.',
    );

    this.workspace = new grafana.CfnWorkspace(this, 'Resource', {
      name: resourceName(props.deployment, 'grafana'),
      description: 'Datamaster dashboards: gold, operations and costs',
      accountAccessType: 'CURRENT_ACCOUNT',
      authenticationProviders: ['AWS_SSO'],
      permissionType: 'CUSTOMER_MANAGED',
      roleArn: this.role.roleArn,
      dataSources: ['ATHENA', 'CLOUDWATCH'],
      // Admins install the Athena data source plugin from the workspace (it is not built in).
      pluginAdminEnabled: true,
    });
  }
}
