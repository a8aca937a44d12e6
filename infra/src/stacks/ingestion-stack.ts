// Raw objects into bronze on AWS, with the code and the state machine the laptop runs. The raw bucket's object-created
// events (EventBridge) reach the registrar Lambda, which records each object in the ledger and starts the ingestion
// state machine: the contract's ASL file, deployed with substitutions for exactly its placeholders. It runs the
// bronze Lambda, or the bronze ECS task in the workers' isolated subnets, both from the one worker bundle, and
// records a worker that died with the failure Lambda. Each function and the task has a role of its own.
import { CfnOutput, Duration, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { INGESTION_STATE_MACHINE, INGESTION_STATE_MACHINE_NAME, LINEAGE_NAMESPACE_VARIABLE, RAW_PREFIX, STACK_OUTPUTS, definitionPlaceholders, lineageNamespace } from '@datamaster/lake-contract';
import { deployedName, resourceName, type Deployment } from '../deployment.js';
import { bronzeContainerName, bronzeLambdaTimeoutSeconds } from './ingestion-definition.js';
import { substitutionsFor } from './state-machine-substitutions.js';
import { BUNDLE_HANDLER, NODE_LAMBDA_RUNTIME, SOURCE_MAPS, acknowledgeNodeRuntime, appBundle, appBundleFolder } from './app-bundle.js';
import { namedLogGroup } from './log-retention.js';
import { grantBronzeWrite, grantLedgerReadWrite, grantMaskingKeyRead, grantRawRead, type IngestionResources } from './worker-access.js';

export interface IngestionStackProps extends StackProps, Omit<IngestionResources, 'maskingKey'> {
  readonly deployment: Deployment;
  /**
   * The masking key secret's name. By name rather than by a reference to the secret: moto, which later deploys these
   * stacks, skips Secrets Manager resources, and an export of one would not exist.
   */
  readonly maskingKeyName: string;
  readonly vpc: ec2.IVpc;
  readonly workerSubnets: ec2.SubnetSelection;
  readonly workerSecurityGroup: ec2.ISecurityGroup;
}

/**
 * The bronze Lambda's memory: one full vCPU. Pinned to one core, the bundle converted 100,000 review rows (1.5 MiB of
 * gzip) in 0.9 s at a 186 MiB peak, and the largest object the state machine can send it (63 MiB of gzip, 4.25
 * million rows, when its estimate failed) in 10 s at 338 MiB: far inside 900 s, and the same GB-seconds as a
 * smaller, slower function (docs/ingestion.md, "On AWS").
 */
const BRONZE_LAMBDA_MEMORY_MB = 1769;

/**
 * The ECS task: its resident set stays at about 350 MiB whatever the object's size (bronze:bench-large, 1 and 4 GB);
 * two vCPUs for the converter and the encoder thread, and 4 GB, the least Fargate pairs with them.
 */
const ECS_TASK_SIZE = { cpu: 2048, memoryLimitMiB: 4096 } as const;

/** What the bronze-worker bundle's entry points and image need. */
const BRONZE_WORKER_FILES = ['lambda.mjs', 'ecs.mjs', 'ledger-failure.mjs', 'Dockerfile'];

function nodeMajor(runtime: lambda.Runtime): string {
  const major = /^nodejs(\d+)\.x$/.exec(runtime.name)?.[1];
  if (major === undefined) throw new Error(`Cannot tell the Node major of Lambda runtime ${runtime.name}, which the ECS image must match.`);
  return major;
}

interface WorkerFunctionProps {
  readonly functionName: string;
  readonly description: string;
  readonly code: lambda.Code;
  readonly handler: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly deadLetterQueue?: sqs.IQueue;
}

export class IngestionStack extends Stack {
  readonly registrar: lambda.Function;
  readonly bronzeLambda: lambda.Function;
  readonly failureLambda: lambda.Function;
  readonly cluster: ecs.Cluster;
  readonly bronzeTask: ecs.FargateTaskDefinition;
  readonly stateMachine: sfn.StateMachine;
  readonly registrationFailures: sqs.Queue;

  constructor(scope: Construct, id: string, props: IngestionStackProps) {
    super(scope, id, props);
    const { deployment } = props;
    const resources: IngestionResources = { ...props, maskingKey: secretsmanager.Secret.fromSecretNameV2(this, 'MaskingKey', props.maskingKeyName) };
    const name = (what: string) => resourceName(deployment, what);
    // Raw objects (and delivery errors) in the raw bucket, everything else in the lake bucket: see @datamaster/ingestion.
    const stores = { LAKE_URI: `s3://${props.lakeBucket.bucketName}`, RAW_URI: `s3://${props.rawBucket.bucketName}` };
    const ledger = { LEDGER_TABLE: props.ledger.tableName };
    const maskingKey = { MASKING_KEY_SECRET_ID: props.maskingKeyName };
    const lineage = { [LINEAGE_NAMESPACE_VARIABLE]: lineageNamespace(deployment.stage) };
    const workerBundle = appBundleFolder('bronze-worker', BRONZE_WORKER_FILES);
    const workerCode = lambda.Code.fromAsset(workerBundle, { exclude: [...SOURCE_MAPS, 'Dockerfile'] });

    const workerFunction = (id: string, fn: WorkerFunctionProps): lambda.Function => {
      const role = new iam.Role(this, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `${fn.functionName}: ${fn.description}` });
      const logGroup = namedLogGroup(this, `${id}Logs`, `/aws/lambda/${fn.functionName}`, deployment);
      logGroup.grantWrite(role);
      const created = new lambda.Function(this, id, { ...fn, runtime: NODE_LAMBDA_RUNTIME, architecture: lambda.Architecture.ARM_64, role, logGroup });
      acknowledgeNodeRuntime(created);
      return created;
    };

    this.bronzeLambda = workerFunction('BronzeLambda', {
      functionName: name('bronze-lambda'),
      description: 'Converts one raw object into bronze Parquet (objects the ingestion state machine sends to Lambda)',
      code: workerCode,
      handler: 'lambda.handler',
      memorySize: BRONZE_LAMBDA_MEMORY_MB,
      // The state machine waits this long for it (the ASL's BronzeLambda timeout, Lambda's maximum).
      timeout: Duration.seconds(bronzeLambdaTimeoutSeconds()),
      environment: { ...stores, ...ledger, ...maskingKey, ...lineage },
    });
    for (const grant of [grantRawRead, grantBronzeWrite, grantLedgerReadWrite, grantMaskingKeyRead]) grant(this.bronzeLambda, resources);

    this.failureLambda = workerFunction('LedgerFailureLambda', {
      functionName: name('ledger-failure'),
      description: "Records the failure of a bronze worker that died before it could (the ingestion state machine's RecordFailure)",
      code: workerCode,
      handler: 'ledger-failure.handler',
      memorySize: 256,
      timeout: Duration.seconds(30),
      environment: ledger,
    });
    grantLedgerReadWrite(this.failureLambda, resources);

    this.cluster = new ecs.Cluster(this, 'WorkerCluster', { vpc: props.vpc, clusterName: name('workers'), containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const taskRole = new iam.Role(this, 'BronzeTaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), description: 'The bronze ECS task: raw objects into bronze' });
    const executionRole = new iam.Role(this, 'BronzeTaskExecutionRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), description: "Pulls the bronze task's image and writes its logs" });
    this.bronzeTask = new ecs.FargateTaskDefinition(this, 'BronzeTask', {
      family: name('bronze-worker'),
      ...ECS_TASK_SIZE,
      // The image is built where the stack is deployed, most often an x86 machine.
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      taskRole,
      executionRole,
    });
    this.bronzeTask.addContainer('BronzeWorker', {
      // The name the state machine's container overrides (RECORD_ID, EXECUTION_ID) address.
      containerName: bronzeContainerName(),
      image: ecs.ContainerImage.fromAsset(workerBundle, { exclude: SOURCE_MAPS, buildArgs: { NODE_MAJOR: nodeMajor(NODE_LAMBDA_RUNTIME) }, platform: Platform.LINUX_AMD64 }),
      environment: { ...stores, ...ledger, ...maskingKey, ...lineage },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'bronze', logGroup: namedLogGroup(this, 'BronzeTaskLogs', `/ecs/${name('bronze-worker')}`, deployment) }),
      readonlyRootFilesystem: true,
    });
    for (const grant of [grantRawRead, grantBronzeWrite, grantLedgerReadWrite, grantMaskingKeyRead]) grant(taskRole, resources);
    Validations.of(executionRole).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: "ecr:GetAuthorizationToken, which has no resource-level permissions; pulling the image's layers is granted on its repository only.",
    });
    Validations.of(this.bronzeTask).acknowledge({
      id: 'AwsSolutions::AwsSolutions-ECS2',
      reason:
        "The environment holds where things are, not secrets: the two buckets' URIs, the ledger table's name and the masking key secret's name. The worker reads the masking key itself from Secrets Manager at start, so the key is never in the task definition.",
    });

    const stateMachineRole = new iam.Role(this, 'IngestionStateMachineRole', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com'), description: 'The ingestion state machine: invokes the bronze and failure Lambdas, runs the bronze task' });
    stateMachineRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.bronzeLambda.functionArn, this.failureLambda.functionArn] }));
    stateMachineRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['ecs:RunTask'], resources: [this.bronzeTask.taskDefinitionArn], conditions: { ArnEquals: { 'ecs:cluster': this.cluster.clusterArn } } }),
    );
    // runTask.sync: Step Functions follows the task it started, and stops it when the execution times out or is
    // stopped. Task ids exist only once RunTask returns, so these name the cluster instead.
    stateMachineRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: ['*'], conditions: { ArnEquals: { 'ecs:cluster': this.cluster.clusterArn } } }),
    );
    stateMachineRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [taskRole.roleArn, executionRole.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } }),
    );
    // ...and learns that the task stopped through the rule Step Functions manages for every runTask.sync.
    const syncRule = this.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForECSTaskRule' });
    stateMachineRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], resources: [syncRule] }));

    const stateMachineName = deployedName(deployment, INGESTION_STATE_MACHINE_NAME);
    this.stateMachine = new sfn.StateMachine(this, 'IngestionStateMachine', {
      stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      // The ASL file as the local runtime runs it, byte for byte; only the substitutions differ.
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(INGESTION_STATE_MACHINE)),
      definitionSubstitutions: substitutionsFor(definitionPlaceholders(INGESTION_STATE_MACHINE), {
        BronzeLambdaArn: this.bronzeLambda.functionArn,
        LedgerFailureLambdaArn: this.failureLambda.functionArn,
        EcsClusterArn: this.cluster.clusterArn,
        BronzeTaskDefinitionArn: this.bronzeTask.taskDefinitionArn,
        PrivateSubnetIds: Fn.join(',', props.vpc.selectSubnets(props.workerSubnets).subnetIds),
        WorkerSecurityGroupId: props.workerSecurityGroup.securityGroupId,
      }),
      role: stateMachineRole,
      // Under /aws/vendedlogs/, as AWS advises for logs it delivers: no resource policy grows with each log group.
      logs: { destination: namedLogGroup(this, 'IngestionStateMachineLogs', `/aws/vendedlogs/states/${stateMachineName}`, deployment), level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    Validations.of(stateMachineRole).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        "Only where a resource cannot be named: ECS DescribeTasks and StopTask of the tasks it starts (their ids exist once RunTask returns; the ecs:cluster condition keeps them to this cluster), X-Ray's PutTraceSegments, PutTelemetryRecords and GetSampling* (tracing), and the CloudWatch Logs delivery actions Step Functions logs executions with, none of which has resource-level permissions. Every other action names its resources.",
    });

    this.registrationFailures = new sqs.Queue(this, 'RegistrationFailures', {
      queueName: name('registration-failures'),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.registrationFailures).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue: of the raw-object rule (events it could not deliver) and of the registrar (events it failed on after its retries).',
    });

    this.registrar = workerFunction('Registrar', {
      functionName: name('raw-object-registrar'),
      description: 'Records each raw object in the ledger and starts its ingestion execution',
      code: appBundle('raw-object-registrar'),
      handler: BUNDLE_HANDLER,
      memorySize: 512,
      timeout: Duration.seconds(60),
      environment: { ...stores, ...ledger, INGESTION_STATE_MACHINE_ARN: this.stateMachine.stateMachineArn },
      deadLetterQueue: this.registrationFailures,
    });
    grantRawRead(this.registrar, resources);
    grantLedgerReadWrite(this.registrar, resources);
    this.stateMachine.grantStartExecution(this.registrar);

    new events.Rule(this, 'RawObjectCreated', {
      ruleName: name('raw-object-created'),
      description: 'Raw objects created under raw/ in the raw bucket, to the registrar',
      eventPattern: { source: ['aws.s3'], detailType: ['Object Created'], detail: { bucket: { name: [props.rawBucket.bucketName] }, object: { key: events.Match.prefix(RAW_PREFIX) } } },
      targets: [new targets.LambdaFunction(this.registrar, { deadLetterQueue: this.registrationFailures, maxEventAge: Duration.hours(24), retryAttempts: 185 })],
    });

    new CfnOutput(this, STACK_OUTPUTS.ingestion.ingestionStateMachine, { value: this.stateMachine.stateMachineArn, description: 'The ingestion state machine, which the registrar starts for each new raw object' });
  }
}
