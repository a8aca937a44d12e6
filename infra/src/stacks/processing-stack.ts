// Silver and gold on AWS: the processing state machine from the ASL file the local runtime runs, its ClaimWork,
// SettleWork and FailWork Lambdas from the bundle of the functions the local run calls, the EMR Serverless
// applications its jobs run on with the Spark package of `nx run spark:package`, and the schedule that starts it.
// The original's processing cron could not start anything (its role trusted pipes.amazonaws.com only); its EMR
// applications ran in public subnets.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as emrserverless from 'aws-cdk-lib/aws-emrserverless';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { BRONZE_PREFIX, ICEBERG_LAYERS, LINEAGE_NAMESPACE_VARIABLE, lineageNamespace, PROCESSING_STATE_MACHINE, PROCESSING_STATE_MACHINE_NAME, STACK_OUTPUTS, WORK_PREFIX, definitionPlaceholders, icebergTables, ledgerTableDefinition, processingInput, tableLocation } from '@datamaster/lake-contract';
import { lakeManifest } from '@datamaster/lake-manifest';
import { deployedName, resourceName, type Deployment } from '../deployment.js';
import { databaseResource, everyTableResource, glueArns, lakeFormationPermission } from './lake-formation.js';
import { keyUse } from './key-use.js';
import { acknowledgeNodeRuntime, appBundle, NODE_LAMBDA_RUNTIME } from './app-bundle.js';
import { logRetention } from './log-retention.js';
import { acknowledgeWildcardResources, bucketArnSeenFrom } from './nag-findings.js';
import { sparkPackageAssets } from './spark-package.js';
import { substitutionsFor } from './state-machine-substitutions.js';
import { applyRole } from './processing/apply-role.js';

/** The EMR release the Spark jobs are written for (spark/README.md: Spark 3.5.5, Iceberg 1.7.1, Python 3.9). */
export const EMR_RELEASE_LABEL = 'emr-7.9.0';
/** EMR Serverless counts memory per vCPU: 4 GB each is the general-purpose ratio of its workers. */
const MEMORY_GB_PER_VCPU = 4;
/** Minutes an application stays up after its last job: the gold jobs follow silver within minutes. */
const IDLE_MINUTES = 15;

export interface ProcessingStackProps extends StackProps {
  readonly deployment: Deployment;
  readonly vpc: ec2.IVpc;
  readonly workerSubnets: ec2.SubnetSelection;
  readonly workerSecurityGroup: ec2.ISecurityGroup;
  readonly lakeBucket: s3.IBucket;
  readonly lakeKey: kms.IKey;
  readonly ledger: dynamodb.ITable;
}

export class ProcessingStack extends Stack {
  readonly stateMachine: sfn.StateMachine;
  readonly jobRole: iam.Role;
  readonly tasksRole: iam.Role;
  /** The role `datamaster apply --target aws:<stage>` runs as (datamaster-<stage>-apply). */
  readonly applyRole: iam.Role;

  constructor(scope: Construct, id: string, props: ProcessingStackProps) {
    super(scope, id, props);
    const { deployment, lakeBucket, lakeKey, ledger } = props;
    const manifest = lakeManifest();
    const retention = logRetention(deployment.logRetentionDays);
    const icebergDatabases = ICEBERG_LAYERS.map((layer) => manifest.databases[layer]);
    // Built on the ARN as this stack imports it, so each wildcard's cdk-nag finding can be named (nag-findings.ts).
    const lakeArn = bucketArnSeenFrom(this, lakeBucket);
    const objectsOf = (prefix: string) => `${lakeArn}/${prefix}*`;
    const tableObjects = ICEBERG_LAYERS.map((layer) => tableLocation(lakeArn, layer, '*'));

    // The claim, settle and fail tasks: one bundle, one role (they share the ledger, the work files and the tables).
    this.tasksRole = new iam.Role(this, 'TasksRole', {
      roleName: resourceName(deployment, 'processing-tasks'),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Datamaster processing tasks: the ledger, the work files, the lake tables metadata',
    });
    const ledgerTable = ledgerTableDefinition(ledger.tableName);
    this.tasksRole.addToPolicy(
      new iam.PolicyStatement({
        // What ControlLedger sends (the table exists: no DescribeTable or CreateTable), on the table and its indexes.
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        resources: [ledger.tableArn, ...ledgerTable.GlobalSecondaryIndexes.map((index) => `${ledger.tableArn}/index/${index.IndexName}`)],
      }),
    );
    const workFiles = objectsOf(WORK_PREFIX);
    this.tasksRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [workFiles] }));
    this.tasksRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: tableObjects }));
    const icebergGlue = icebergDatabases.map((database) => glueArns(this, database));
    this.tasksRole.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetDatabase', 'glue:GetTable'], resources: icebergGlue.flatMap((arns) => Object.values(arns)) }));
    this.tasksRole.addToPolicy(keyUse(lakeKey));
    acknowledgeWildcardResources(this.tasksRole, [workFiles, ...tableObjects], 'Object ARNs narrow only by prefix: the work files (work/) and the silver and gold tables (silver/, gold/), as the contract layout names them.');
    acknowledgeWildcardResources(this.tasksRole, icebergGlue.map((arns) => arns.tables), 'The tables of the silver and gold databases, which come and go with the manifest.');
    const code = appBundle('processing-tasks', 'tasks.mjs');
    const task = (name: string, handler: string, description: string) => {
      const logGroup = new logs.LogGroup(this, `${name}Logs`, { logGroupName: `/aws/lambda/${resourceName(deployment, `processing-${name.toLowerCase()}`)}`, retention });
      logGroup.grantWrite(this.tasksRole);
      const fn = new lambda.Function(this, name, {
        functionName: resourceName(deployment, `processing-${name.toLowerCase()}`),
        description,
        code,
        handler,
        runtime: NODE_LAMBDA_RUNTIME,
        architecture: lambda.Architecture.ARM_64,
        // A claim lists a table's open ledger records and reads its current snapshot; a settle reads one back.
        memorySize: 512,
        timeout: Duration.minutes(5),
        role: this.tasksRole,
        logGroup,
        environment: { LAKE_URI: `s3://${lakeBucket.bucketName}`, LEDGER_TABLE: ledger.tableName, [LINEAGE_NAMESPACE_VARIABLE]: lineageNamespace(deployment.stage) },
      });
      acknowledgeNodeRuntime(fn);
      return fn;
    };
    const claim = task('Claim', 'tasks.claimWork', "Datamaster ClaimWork: takes a table's due ledger records and writes their work file");
    const settle = task('Settle', 'tasks.settleWork', "Datamaster SettleWork: reads the job's commit back and succeeds its records");
    const fail = task('Fail', 'tasks.failWork', 'Datamaster FailWork: fails the records of a job that failed');

    // The Spark jobs: two applications, as the state machine names them (silver, then gold), in the isolated worker
    // subnets, stopped when idle, capped in size.
    const emrLogs = new logs.LogGroup(this, 'SparkLogs', { logGroupName: `/${resourceName(deployment, 'emr')}/jobs`, retention });
    const subnetIds = props.vpc.selectSubnets(props.workerSubnets).subnetIds;
    const application = (name: string, what: string) =>
      new emrserverless.CfnApplication(this, name, {
        name: resourceName(deployment, what),
        releaseLabel: EMR_RELEASE_LABEL,
        type: 'Spark',
        architecture: 'ARM64',
        autoStartConfiguration: { enabled: true },
        autoStopConfiguration: { enabled: true, idleTimeoutMinutes: IDLE_MINUTES },
        maximumCapacity: { cpu: `${deployment.sparkMaximumVcpus} vCPU`, memory: `${deployment.sparkMaximumVcpus * MEMORY_GB_PER_VCPU} GB` },
        networkConfiguration: { subnetIds, securityGroupIds: [props.workerSecurityGroup.securityGroupId] },
        monitoringConfiguration: { cloudWatchLoggingConfiguration: { enabled: true, logGroupName: emrLogs.logGroupName, logStreamNamePrefix: what } },
      });
    const silverApplication = application('SilverApplication', 'processing');
    const goldApplication = application('GoldApplication', 'analytics');

    const { entryPoint, modules: sparkCode } = sparkPackageAssets(this);
    this.jobRole = new iam.Role(this, 'JobRole', {
      roleName: resourceName(deployment, 'spark-jobs'),
      assumedBy: new iam.ServicePrincipal('emr-serverless.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: 'Datamaster Spark jobs on EMR Serverless: bronze and work files in, silver and gold tables out',
    });
    // The two objects the jobs start from, and nothing else of the CDK assets bucket.
    this.jobRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [entryPoint, sparkCode].map((asset) => asset.bucket.arnForObjects(asset.s3ObjectKey)) }));
    const jobInputs = [objectsOf(BRONZE_PREFIX), objectsOf(WORK_PREFIX)];
    this.jobRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: jobInputs }));
    this.jobRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: tableObjects }));
    this.jobRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [lakeArn],
        conditions: { StringLike: { 's3:prefix': [BRONZE_PREFIX, WORK_PREFIX, ...ICEBERG_LAYERS.map((layer) => `${layer}/`)].map((prefix) => `${prefix}*`) } },
      }),
    );
    this.jobRole.addToPolicy(new iam.PolicyStatement({ actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:UpdateTable'], resources: icebergGlue.flatMap((arns) => Object.values(arns)) }));
    // Lake Formation vends table credentials through this action, which has no resource-level permissions.
    this.jobRole.addToPolicy(new iam.PolicyStatement({ actions: ['lakeformation:GetDataAccess'], resources: ['*'] }));
    emrLogs.grantWrite(this.jobRole);
    this.jobRole.addToPolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogStreams'], resources: [emrLogs.logGroupArn] }));
    this.jobRole.addToPolicy(keyUse(lakeKey));
    acknowledgeWildcardResources(this.jobRole, [...jobInputs, ...tableObjects], 'Object ARNs narrow only by prefix: bronze/ and work/ read, the silver and gold tables (silver/, gold/) written, as the contract layout names them.');
    acknowledgeWildcardResources(this.jobRole, icebergGlue.map((arns) => arns.tables), 'The tables of the silver and gold databases, which come and go with the manifest.');
    acknowledgeWildcardResources(this.jobRole, ['*'], 'lakeformation:GetDataAccess has no resource-level permissions.');

    // The platform's own roles see the silver and gold tables through Lake Formation (the catalog stack turned the
    // IAM-only defaults off): the tasks read table metadata, the jobs read and commit.
    for (const layer of ICEBERG_LAYERS) {
      const database = manifest.databases[layer];
      lakeFormationPermission(this, `TasksSee-${layer}`, this.tasksRole.roleArn, databaseResource(this, database), ['DESCRIBE']);
      lakeFormationPermission(this, `TasksRead-${layer}`, this.tasksRole.roleArn, everyTableResource(this, database), ['DESCRIBE']);
      lakeFormationPermission(this, `JobsSee-${layer}`, this.jobRole.roleArn, databaseResource(this, database), ['DESCRIBE']);
      lakeFormationPermission(this, `JobsWrite-${layer}`, this.jobRole.roleArn, everyTableResource(this, database), ['DESCRIBE', 'SELECT', 'INSERT', 'DELETE', 'ALTER']);
    }

    // The state machine: the ASL file as it is, every placeholder substituted by Step Functions at deployment.
    const sparkEnvironment = { DATAMASTER_CATALOG: 'glue', DATAMASTER_WAREHOUSE: `s3://${lakeBucket.bucketName}`, DATAMASTER_LAKE_BUCKET: lakeBucket.bucketName };
    const substitutions = substitutionsFor(definitionPlaceholders(PROCESSING_STATE_MACHINE), {
      ClaimWorkFunctionArn: claim.functionArn,
      SettleWorkFunctionArn: settle.functionArn,
      FailWorkFunctionArn: fail.functionArn,
      ProcessingApplicationId: silverApplication.attrApplicationId,
      AnalyticsApplicationId: goldApplication.attrApplicationId,
      ProcessingJobRoleArn: this.jobRole.roleArn,
      SparkEntryPoint: entryPoint.s3ObjectUrl,
      SparkSubmitParameters: [`--py-files ${sparkCode.s3ObjectUrl}`, ...Object.entries(sparkEnvironment).map(([name, value]) => `--conf spark.emr-serverless.driverEnv.${name}=${value}`)].join(' '),
    });
    const machineName = deployedName(deployment, PROCESSING_STATE_MACHINE_NAME);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: machineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(PROCESSING_STATE_MACHINE)),
      definitionSubstitutions: substitutions,
      logs: { destination: new logs.LogGroup(this, 'StateMachineLogs', { logGroupName: `/aws/vendedlogs/states/${machineName}`, retention }), level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [claim.functionArn, settle.functionArn, fail.functionArn] }));
    const applications = [silverApplication.attrArn, goldApplication.attrArn];
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions: ['emr-serverless:StartJobRun'], resources: applications }));
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions: ['emr-serverless:GetJobRun', 'emr-serverless:CancelJobRun'], resources: applications.map((arn) => `${arn}/jobruns/*`) }));
    // Each job run carries its execution's name as the cost allocation tag datamaster-run (the cost dashboard's runs).
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions: ['emr-serverless:TagResource'], resources: applications.map((arn) => `${arn}/jobruns/*`) }));
    // startJobRun.sync waits on the job through a rule Step Functions manages in the account.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], resources: [this.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForEMRServerlessJobRule' })] }),
    );
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [this.jobRole.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'emr-serverless.amazonaws.com' } } }));
    acknowledgeWildcardResources(this.stateMachine, applications.map((arn) => `${arn}/jobruns/*`), 'The job runs of the two EMR Serverless applications, whose ids are made per run.');
    acknowledgeWildcardResources(this.stateMachine, ['*'], 'What Step Functions adds for its logs and X-Ray traces: the CloudWatch Logs delivery and X-Ray actions have no resource-level permissions.');

    // What `datamaster apply --target aws:<stage>` runs as after a deploy: schema changes, then backfills through this machine.
    this.applyRole = applyRole(this, { deployment, lakeBucket, lakeKey, ledger, stateMachine: this.stateMachine });

    new CfnOutput(this, STACK_OUTPUTS.processing.processingStateMachine, { value: this.stateMachine.stateMachineArn, description: 'The processing state machine, which the schedule and `datamaster process` start' });

    // The schedule: EventBridge Scheduler assumes a role made for it, which may start this state machine and nothing else.
    const scheduleName = resourceName(deployment, 'processing');
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      roleName: resourceName(deployment, 'processing-schedule'),
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account, 'aws:SourceArn': this.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `default/${scheduleName}` }) } },
      }),
      description: 'EventBridge Scheduler: starts the Datamaster processing state machine',
    });
    new scheduler.Schedule(this, 'Schedule', {
      scheduleName,
      description: 'Datamaster: silver and gold, every table of the manifest',
      schedule: scheduler.ScheduleExpression.expression(deployment.processingSchedule),
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, { role: schedulerRole, input: scheduler.ScheduleTargetInput.fromObject(processingInput(icebergTables(manifest))), retryAttempts: 2 }),
    });
  }
}
