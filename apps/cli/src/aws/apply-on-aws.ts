// `datamaster plan|apply --target aws:<stage>`: the manifest against the deployment's Glue Data Catalog, and what
// the main workflow runs after `cdk deploy`. Apply evolves the silver and gold Iceberg tables in Glue (the same
// LakeTables code the catalog stack's custom resource runs), drops undeclared columns, registers a backfill per
// changed transform in the deployed ledger and recomputes them with one execution of the processing state machine
// (Spark on EMR Serverless), then records the applied state once that execution succeeded.
import type { LakeTables } from '@datamaster/iceberg';
import type { ManifestPlan } from '@datamaster/lake-contract';
import type { TableRef } from '@datamaster/lake-manifest';
import type { AwsPlatform } from '@datamaster/aws-platform';
import type { CommandContext } from '../context.js';
import { changedTransforms, dropColumns, registerBackfills, type ApplyOutcome } from '../apply/apply-steps.js';
import { BreakingManifestChangeError, printPlan } from '../commands/plan.js';
import { migrationWork, type MigrationWork } from '../migrations.js';
import { newlyMasked } from '../pii-rewrite.js';
import { AwsProcessingFailedError, startProcessingOnAws } from './process-on-aws.js';
import { withDeployedLake } from './with-aws-platform.js';

export interface AwsApplyRequest {
  readonly stage: string;
  /** How long to wait for the backfills' processing execution. */
  readonly timeoutSeconds: number;
  readonly json?: boolean;
}

/** A change apply carries out on the local platform only: it rewrites or rebuilds data on the embedded engine. */
export class AwsApplyUnsupportedError extends Error {
  override readonly name = 'AwsApplyUnsupportedError';
}

export type AwsApplyOutcome = Pick<ApplyOutcome, 'plan' | 'dropped' | 'backfills'> & { readonly executionArn?: string };

const deploymentName = (stage: string) => `the deployment ${stage} (its Glue Data Catalog)`;

/** The manifest against the catalog as deployed, read without changing anything. */
async function deployedPlan(lake: LakeTables): Promise<ManifestPlan> {
  const [{ planManifestChange }, { activeManifestVersion }] = await Promise.all([import('@datamaster/lake-contract'), import('@datamaster/lake-manifest')]);
  return planManifestChange(await lake.deployedVersion(), activeManifestVersion());
}

export async function planOnAws(ctx: CommandContext, stage: string): Promise<{ plan: ManifestPlan; against: string }> {
  return withDeployedLake(ctx, stage, async (lake) => ({ plan: await deployedPlan(lake), against: deploymentName(stage) }));
}

/** Newly masked columns and migrations that rebuild tables: data rewritten on the embedded engine, which AWS does not run. */
function refuseLocalOnlyChanges(plan: ManifestPlan, migrations: MigrationWork, lake: LakeTables): void {
  const masked = [...newlyMasked(plan, lake.manifest).keys()];
  const rebuilt = [...migrations.rebuilt];
  if (masked.length === 0 && rebuilt.length === 0) return;
  const what = [
    ...(masked.length > 0 ? [`newly masked PII in ${masked.join(', ')} (its data is held in clear and must be rewritten)`] : []),
    ...(rebuilt.length > 0 ? [`tables rebuilt whole by a migration or a new partitioning: ${rebuilt.join(', ')}`] : []),
  ];
  throw new AwsApplyUnsupportedError(
    `\`datamaster apply --target aws\` evolves schemas and runs transform backfills; this plan also holds ${what.join('; and ')}, which apply rewrites on the local platform only. Nothing was changed. Land that change on its own in a release that does not deploy, or leave the column or partitioning as deployed (docs/gitops.md, "What apply does on AWS").`,
  );
}

export async function applyOnAws(ctx: CommandContext, request: AwsApplyRequest): Promise<void> {
  const say = (line: string) => {
    if (!request.json) ctx.output.line(line);
  };
  await withDeployedLake(ctx, request.stage, async (lake, platform) => {
    const plan = await deployedPlan(lake);
    if (!request.json) printPlan(ctx, plan, deploymentName(request.stage));
    if (plan.breaking) {
      if (request.json) ctx.output.json({ plan });
      throw new BreakingManifestChangeError(plan);
    }
    const migrations = migrationWork(plan);
    refuseLocalOnlyChanges(plan, migrations, lake);
    // New tables and columns, renames and promotions, as the catalog stack's custom resource makes them on deploy.
    await lake.ensure();
    const dropped = await dropColumns(lake, plan);
    for (const [ref, names] of Object.entries(dropped)) say(`dropped ${names.join(', ')} from ${ref}`);
    const processing = { ledger: platform.ledger, store: platform.store, lake };
    const backfills = await registerBackfills(processing, changedTransforms(plan, new Set()), say);
    const executionArn = plan.backfills.length > 0 ? await recompute(ctx, platform, plan.backfills, request) : undefined;
    for (const ref of plan.backfills) await lake.recordApplied(lake.table(ref), ['transform']);
    for (const ref of migrations.accepted) await lake.recordApplied(lake.table(ref), ['piiMasking']);
    const outcome: AwsApplyOutcome = { plan, dropped, backfills, ...(executionArn === undefined ? {} : { executionArn }) };
    if (request.json) ctx.output.json(outcome);
    else ctx.output.line(ctx.output.colors.green(plan.changes.length === 0 ? `${request.stage} follows the manifest.` : `Applied: ${request.stage} follows the manifest.`));
  });
}

/** One execution of the processing state machine over the recomputed tables (and what they feed), followed to its end. */
async function recompute(ctx: CommandContext, platform: AwsPlatform, tables: readonly TableRef[], request: AwsApplyRequest): Promise<string> {
  const { awaitExecution } = await import('@datamaster/aws-platform');
  const { executionArn } = await startProcessingOnAws(platform.deployment, 'all', tables.map((ref) => ref.slice(ref.indexOf('.') + 1)));
  if (!request.json) ctx.output.line(`recomputing ${tables.join(', ')}: started ${executionArn}; waiting for it to end…`);
  const outcome = await awaitExecution(executionArn, { timeoutMs: request.timeoutSeconds * 1000 });
  if (outcome.status === 'SUCCEEDED') return executionArn;
  const cause = outcome.status === 'RUNNING' ? `is still running after ${request.timeoutSeconds} s` : `ended ${outcome.status}${outcome.error ? `: ${outcome.error}${outcome.cause ? ` (${outcome.cause})` : ''}` : ''}`;
  throw new AwsProcessingFailedError(
    `The backfills' execution ${executionArn} ${cause}. The schema changes stand; the applied state of ${tables.join(', ')} is not recorded, so \`datamaster plan --target aws:${request.stage}\` still lists them and the next \`datamaster apply --target aws:${request.stage}\` recomputes them.`,
  );
}
