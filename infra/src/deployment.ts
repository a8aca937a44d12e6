// What differs between deployments of the same app: a stage name (dev, prod, a developer's own), the account and
// region, and the few sizing and retention choices that change what it costs. Read from CDK context
// (`cdk.json`, or `-c stage=prod`), checked once, with an error that names the key and what it accepts.
import { STAGE_PATTERN, platformResourceName } from '@datamaster/lake-contract';
import type { App } from 'aws-cdk-lib';

export interface Deployment {
  /** Lowercase name in every resource name: datamaster-<stage>-… */
  readonly stage: string;
  readonly account?: string;
  readonly region?: string;
  /** Availability zones of the private subnets and of each interface endpoint (each endpoint costs per AZ-hour). */
  readonly availabilityZones: number;
  /** Days raw objects stay in S3 Standard before Infrequent Access, and before they expire. */
  readonly rawRetention: { readonly infrequentAccessAfterDays: number; readonly expireAfterDays: number };
  /** Days the delivery stream's error output (records the router could not route) is kept. */
  readonly errorsExpireAfterDays: number;
  /** Days before bronze Parquet moves to Infrequent Access (silver is rebuilt from it, rarely). */
  readonly bronzeInfrequentAccessAfterDays: number;
  /** Days log groups and S3 access logs are kept. */
  readonly logRetentionDays: number;
  /**
   * Whether the streaming stack creates DMS's account-wide roles (dms-vpc-role, dms-cloudwatch-logs-role): names
   * fixed by DMS, so only one stage per account may own them; false when the account already has them.
   */
  readonly dmsServiceRoles: boolean;
  /** The Athena workgroup cancels a query that scans more than this many GB (Athena bills per TB scanned). */
  readonly athenaQueryScanLimitGb: number;
  /** When EventBridge Scheduler starts the processing state machine: an EventBridge Scheduler cron() or rate() expression, UTC. */
  readonly processingSchedule: string;
  /** The most vCPUs each EMR Serverless application may run at once (4 GB of memory each): the cap on what a run can cost. */
  readonly sparkMaximumVcpus: number;
  /** An IAM role ARN made Lake Formation administrator besides the deployment's own CloudFormation role (e.g. your admin role). */
  readonly lakeFormationAdminRoleArn?: string;
}

export const DEFAULT_DEPLOYMENT: Omit<Deployment, 'account' | 'region' | 'lakeFormationAdminRoleArn'> = {
  stage: 'dev',
  availabilityZones: 2,
  rawRetention: { infrequentAccessAfterDays: 30, expireAfterDays: 400 },
  errorsExpireAfterDays: 90,
  bronzeInfrequentAccessAfterDays: 90,
  logRetentionDays: 365,
  dmsServiceRoles: true,
  athenaQueryScanLimitGb: 10,
  processingSchedule: 'cron(0 6 * * ? *)',
  sparkMaximumVcpus: 8,
};

export class DeploymentContextError extends Error {
  override readonly name = 'DeploymentContextError';
}

const SCHEDULE = /^(cron|rate)\(.+\)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function matching(key: string, value: unknown, pattern: RegExp, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) throw new DeploymentContextError(`CDK context "${key}" must be ${what}, got ${JSON.stringify(value)}; set it in infra/cdk.json or with -c ${key}=<value>.`);
  return value;
}

function positiveInteger(key: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' ? Number(value) : value;
  if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 1)
    throw new DeploymentContextError(`CDK context "${key}" must be a positive whole number, got ${JSON.stringify(value)}; set it in infra/cdk.json or with -c ${key}=<n>.`);
  return parsed;
}

function flag(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new DeploymentContextError(`CDK context "${key}" must be true or false, got ${JSON.stringify(value)}; set it in infra/cdk.json or with -c ${key}=<true|false>.`);
}

/** The deployment the app's context describes; defaults for everything not set. */
export function deploymentFromContext(app: Pick<App, 'node'>): Deployment {
  const get = (key: string): unknown => app.node.tryGetContext(key);
  const stage = (get('stage') as string | undefined) ?? DEFAULT_DEPLOYMENT.stage;
  if (typeof stage !== 'string' || !STAGE_PATTERN.test(stage))
    throw new DeploymentContextError(`CDK context "stage" must be 2-15 lowercase letters, digits or dashes, starting with a letter (it names every resource), got ${JSON.stringify(stage)}.`);
  const account = (get('account') as string | undefined) ?? process.env['CDK_DEFAULT_ACCOUNT'];
  const region = (get('region') as string | undefined) ?? process.env['CDK_DEFAULT_REGION'];
  const availabilityZones = positiveInteger('availabilityZones', get('availabilityZones'), DEFAULT_DEPLOYMENT.availabilityZones);
  if (availabilityZones > 3) throw new DeploymentContextError(`CDK context "availabilityZones" is at most 3, got ${availabilityZones}.`);
  const lakeFormationAdminRoleArn = matching('lakeFormationAdminRoleArn', get('lakeFormationAdminRoleArn'), ROLE_ARN, 'an IAM role ARN (arn:aws:iam::<account>:role/<name>)');
  return {
    stage,
    ...(account === undefined ? {} : { account }),
    ...(region === undefined ? {} : { region }),
    availabilityZones,
    rawRetention: {
      infrequentAccessAfterDays: positiveInteger('rawInfrequentAccessAfterDays', get('rawInfrequentAccessAfterDays'), DEFAULT_DEPLOYMENT.rawRetention.infrequentAccessAfterDays),
      expireAfterDays: positiveInteger('rawExpireAfterDays', get('rawExpireAfterDays'), DEFAULT_DEPLOYMENT.rawRetention.expireAfterDays),
    },
    errorsExpireAfterDays: positiveInteger('errorsExpireAfterDays', get('errorsExpireAfterDays'), DEFAULT_DEPLOYMENT.errorsExpireAfterDays),
    bronzeInfrequentAccessAfterDays: positiveInteger('bronzeInfrequentAccessAfterDays', get('bronzeInfrequentAccessAfterDays'), DEFAULT_DEPLOYMENT.bronzeInfrequentAccessAfterDays),
    logRetentionDays: positiveInteger('logRetentionDays', get('logRetentionDays'), DEFAULT_DEPLOYMENT.logRetentionDays),
    dmsServiceRoles: flag('dmsServiceRoles', get('dmsServiceRoles'), DEFAULT_DEPLOYMENT.dmsServiceRoles),
    athenaQueryScanLimitGb: positiveInteger('athenaQueryScanLimitGb', get('athenaQueryScanLimitGb'), DEFAULT_DEPLOYMENT.athenaQueryScanLimitGb),
    processingSchedule: matching('processingSchedule', get('processingSchedule'), SCHEDULE, 'an EventBridge Scheduler cron(...) or rate(...) expression') ?? DEFAULT_DEPLOYMENT.processingSchedule,
    sparkMaximumVcpus: positiveInteger('sparkMaximumVcpus', get('sparkMaximumVcpus'), DEFAULT_DEPLOYMENT.sparkMaximumVcpus),
    ...(lakeFormationAdminRoleArn === undefined ? {} : { lakeFormationAdminRoleArn }),
  };
}

/** datamaster-<stage>-<what>: stack, bucket prefix, alias and table names. */
export const resourceName = (deployment: Pick<Deployment, 'stage'>, what: string): string => platformResourceName(deployment.stage, what);

/**
 * A name the contract gives a platform resource (`datamaster-<what>`, e.g. PROCESSING_STATE_MACHINE_NAME) as this
 * deployment names it: datamaster-<stage>-<what>, so stages side by side in one account do not collide.
 */
export function deployedName(deployment: Pick<Deployment, 'stage'>, contractName: string): string {
  const what = /^datamaster-(.+)$/.exec(contractName)?.[1];
  if (what === undefined) throw new DeploymentContextError(`The contract name "${contractName}" does not start with "datamaster-": it cannot be given the stage.`);
  return resourceName(deployment, what);
}

