// The whole CDK app: every stack, its explicit dependencies, and cdk-nag's AwsSolutions checks on all of them
// (a finding fails synth; each acknowledged one carries its reason where the resource is declared).
import { COST_TAGS } from '@datamaster/lake-contract';
import { Tags, Validations, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resourceName, type Deployment } from './deployment.js';
import { costAndUsageLocation } from './stacks/analytics/cost-and-usage.js';
import { AnalyticsStack } from './stacks/analytics-stack.js';
import { CatalogStack } from './stacks/catalog-stack.js';
import { CostExportStack, DATA_EXPORTS_REGION } from './stacks/cost-export-stack.js';
import { ControlStack } from './stacks/control-stack.js';
import { IngestionStack } from './stacks/ingestion-stack.js';
import { NetworkStack } from './stacks/network-stack.js';
import { ProcessingStack } from './stacks/processing-stack.js';
import { SecurityStack } from './stacks/security-stack.js';
import { StorageStack } from './stacks/storage-stack.js';
import { StreamingStack } from './stacks/streaming-stack.js';

export interface PlatformStacks {
  readonly network: NetworkStack;
  readonly security: SecurityStack;
  readonly storage: StorageStack;
  readonly control: ControlStack;
  readonly streaming: StreamingStack;
  readonly ingestion: IngestionStack;
  readonly costExport: CostExportStack;
  readonly analytics: AnalyticsStack;
  readonly catalog: CatalogStack;
  readonly processing: ProcessingStack;
}

export function buildPlatform(app: App, deployment: Deployment): PlatformStacks {
  const env: Environment = { ...(deployment.account === undefined ? {} : { account: deployment.account }), ...(deployment.region === undefined ? {} : { region: deployment.region }) };
  const common = { env, deployment };
  const stackName = (what: string) => resourceName(deployment, what);
  const network = new NetworkStack(app, 'Network', { ...common, stackName: stackName('network'), description: 'Datamaster: private subnets and VPC endpoints' });
  const security = new SecurityStack(app, 'Security', { ...common, stackName: stackName('security'), description: 'Datamaster: KMS keys and the masking key' });
  const storage = new StorageStack(app, 'Storage', { ...common, stackName: stackName('storage'), description: 'Datamaster: raw, lake, artifacts and logs buckets', rawKey: security.rawKey, lakeKey: security.lakeKey });
  storage.addStackDependency(security);
  const control = new ControlStack(app, 'Control', { ...common, stackName: stackName('control'), description: 'Datamaster: the control ledger', lakeKey: security.lakeKey });
  control.addStackDependency(security);
  const streaming = new StreamingStack(app, 'Streaming', {
    ...common,
    stackName: stackName('streaming'),
    description: 'Datamaster: change data capture (Aurora PostgreSQL, DMS Serverless, Kinesis, Firehose into raw)',
    vpc: network.vpc,
    databaseSubnets: network.databaseSubnets,
    secretsManagerEndpoint: network.interfaceEndpoints.SecretsManager,
    rawKey: security.rawKey,
    lakeKey: security.lakeKey,
    rawBucket: storage.rawBucket,
  });
  streaming.addStackDependency(network);
  streaming.addStackDependency(security);
  streaming.addStackDependency(storage);
  const ingestion = new IngestionStack(app, 'Ingestion', {
    ...common,
    stackName: stackName('ingestion'),
    description: 'Datamaster: raw objects into bronze (registrar, ingestion state machine, bronze Lambda and ECS task)',
    vpc: network.vpc,
    workerSubnets: network.workerSubnets,
    workerSecurityGroup: network.workerSecurityGroup,
    rawBucket: storage.rawBucket,
    rawKey: security.rawKey,
    lakeBucket: storage.lakeBucket,
    lakeKey: security.lakeKey,
    ledger: control.ledger,
    maskingKeyName: security.maskingKeyName,
  });
  ingestion.addStackDependency(network);
  ingestion.addStackDependency(security);
  ingestion.addStackDependency(storage);
  ingestion.addStackDependency(control);
  const costExport = new CostExportStack(app, 'CostExport', {
    env: { ...env, region: DATA_EXPORTS_REGION },
    deployment,
    stackName: stackName('cost-export'),
    description: `Datamaster: the CUR 2.0 data export and its bucket (${DATA_EXPORTS_REGION}, where Data Exports runs)`,
  });
  const analytics = new AnalyticsStack(app, 'Analytics', {
    ...common,
    stackName: stackName('analytics'),
    description: 'Datamaster: the Athena workgroup, the cost and usage table, the Grafana workspace',
    lakeKey: security.lakeKey,
    logsBucket: storage.logsBucket,
    costAndUsage: costAndUsageLocation(deployment),
  });
  analytics.addStackDependency(security);
  analytics.addStackDependency(storage);
  analytics.addStackDependency(costExport);
  const catalog = new CatalogStack(app, 'Catalog', {
    ...common,
    stackName: stackName('catalog'),
    description: 'Datamaster: Glue databases and tables, Lake Formation settings and grants, CloudTrail',
    lakeBucket: storage.lakeBucket,
    lakeKey: security.lakeKey,
    logsBucket: storage.logsBucket,
  });
  catalog.addStackDependency(storage);
  // Lake Formation takes over from IAM-only access for the databases created after the catalog stack: the costs
  // database, which the Grafana role reads with IAM permissions alone, is created before it.
  catalog.addStackDependency(analytics);
  const processing = new ProcessingStack(app, 'Processing', {
    ...common,
    stackName: stackName('processing'),
    description: 'Datamaster: the processing state machine, its Lambda tasks, EMR Serverless applications and schedule',
    vpc: network.vpc,
    workerSubnets: network.workerSubnets,
    workerSecurityGroup: network.workerSecurityGroup,
    lakeBucket: storage.lakeBucket,
    lakeKey: security.lakeKey,
    ledger: control.ledger,
  });
  // The processing roles' Lake Formation permissions need the catalog's settings and databases first.
  for (const dependency of [network, storage, control, catalog]) processing.addStackDependency(dependency);
  const stacks = { network, security, storage, control, streaming, ingestion, costExport, analytics, catalog, processing };
  // Cost allocation tags on every taggable resource: the cost dashboard splits CUR 2.0 by stage and by stack.
  for (const [component, stack] of Object.entries(stacks)) {
    Tags.of(stack).add(COST_TAGS.stage, deployment.stage);
    Tags.of(stack).add(COST_TAGS.component, component);
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}
