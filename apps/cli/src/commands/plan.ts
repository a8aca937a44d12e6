import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ChangeClass, ManifestPlan } from '@datamaster/lake-contract';
import type { ManifestVersion } from '@datamaster/lake-manifest';
import type { PlatformTarget } from '@datamaster/aws-platform/target';
import type { CommandContext } from '../context.js';
import { formatTable } from '../io.js';
import type { LakePlan } from '../lake-plan.js';
import { MANIFEST_ENV } from '../manifest-choice.js';
import { printClearCopies, type ClearCopies } from '../pii-rewrite.js';
import { printSourceSchemaChanges, sourceSchemaChanges } from '../source-schema-changes.js';

interface PlanOptions {
  from?: string;
  base?: string;
  json?: boolean;
}

/** The plan holds a breaking change without a migration: CI must not merge it as it is. */
export class BreakingManifestChangeError extends Error {
  override readonly name = 'BreakingManifestChangeError';
  constructor(plan: ManifestPlan) {
    const breaking = plan.changes.filter((c) => c.class === 'breaking' && c.migration === undefined);
    super(
      `${breaking.length} breaking change(s): ${breaking.map((c) => `${c.table}${c.column ? `.${c.column}` : ''} (${c.kind})`).join(', ')}. Old data or downstream readers would be wrong: make the change additive instead (a column added, not changed in place), or, where the change allows one, declare a migration for it in the table's file (docs/lake-manifest.md, "Migrations").`,
    );
  }
}

const CLASSES: readonly ChangeClass[] = ['breaking', 'backfill', 'automatic'];

export function printPlan(ctx: CommandContext, plan: ManifestPlan, against: string): void {
  const { colors } = ctx.output;
  if (plan.changes.length === 0) {
    ctx.output.line(`No changes against ${against}.`);
    return;
  }
  ctx.output.line(`Changes against ${against}:`);
  const paint = (c: ChangeClass) => (c === 'breaking' ? colors.red(c) : c === 'backfill' ? colors.yellow(c) : colors.green(c));
  for (const changeClass of CLASSES) {
    const changes = plan.changes.filter((c) => c.class === changeClass);
    if (changes.length === 0) continue;
    ctx.output.line(`\n${paint(changeClass)} (${changes.length})`);
    ctx.output.line(formatTable(['table', 'column', 'change', 'detail'], changes.map((c) => [c.table, c.column ?? '', c.kind, c.migration === undefined ? c.detail : `${c.detail} — migration ${c.migration}`])));
  }
  if (plan.backfills.length > 0) ctx.output.line(`\nrecomputed: ${plan.backfills.join(', ')} (every partition)`);
  const migrated = plan.changes.filter((c) => c.migration !== undefined).length;
  if (plan.breaking) ctx.output.line(colors.red('\nbreaking: not mergeable as it is'));
  else ctx.output.line(colors.green(`\nmergeable: every change applies by itself, by a backfill${migrated > 0 ? `, or by its declared migration (${migrated})` : ''}`));
}

/** The plan against the lake as the lake home's catalog has it (nothing is created or evolved to read it). */
async function planAgainstHome(ctx: CommandContext, command: Command): Promise<LakePlan & { against: string }> {
  const [{ openLakeHome }, { openObjectStore }, { planAgainstLake }] = await Promise.all([import('@datamaster/lake-home'), import('@datamaster/storage'), import('../lake-plan.js')]);
  const root = ctx.homeDir(command);
  const home = openLakeHome(root);
  const store = openObjectStore(home.storageUri);
  try {
    return { ...(await planAgainstLake(home, store)), against: `the lake at ${root} (its catalog)` };
  } finally {
    await store.close();
  }
}

/** The earlier version of the manifest a plan compares with, and how to name it. */
async function manifestBaseline(ctx: CommandContext, options: PlanOptions): Promise<{ version: ManifestVersion; against: string }> {
  const [{ loadManifestVersion }, { manifestAtRef }] = await Promise.all([import('@datamaster/lake-manifest/node'), import('../manifest-at-ref.js')]);
  if (options.from !== undefined) return { version: loadManifestVersion(resolve(ctx.streams.cwd, options.from)), against: options.from };
  const dir = manifestAtRef(options.base as string, ctx.streams.cwd, ctx.streams.env[MANIFEST_ENV]);
  try {
    return { version: loadManifestVersion(dir), against: options.base as string };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The plan the options ask for: against an earlier manifest version, the deployment on AWS, or the lake home (with where it holds newly masked data in clear). */
async function chosenPlan(ctx: CommandContext, command: Command, options: PlanOptions, target: PlatformTarget): Promise<{ plan: ManifestPlan; against: string; copies?: ClearCopies[] }> {
  if (options.from !== undefined || options.base !== undefined) {
    const [{ planManifestChange }, { activeManifestVersion }] = await Promise.all([import('@datamaster/lake-contract'), import('@datamaster/lake-manifest')]);
    const baseline = await manifestBaseline(ctx, options);
    return { plan: planManifestChange(baseline.version, activeManifestVersion()), against: baseline.against };
  }
  if (target.kind === 'aws') {
    const { planOnAws } = await import('../aws/apply-on-aws.js');
    return planOnAws(ctx, target.stage);
  }
  return planAgainstHome(ctx, command);
}

export function registerPlan(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('Compare the manifest (the bundled one, or --manifest) with the lake as deployed (the lake home\'s catalog, or with --target aws:<stage> the deployment\'s Glue Data Catalog), or with an earlier manifest version (--base, --from): tables, columns, PII classes, grants, partitioning and transforms, each change classed automatic, backfill or breaking. Exits 1 on a breaking change.')
    .option('--from <dir>', 'compare with a manifest folder (tables/ and transforms/) instead of the lake')
    .option('--base <git-ref>', 'compare with the manifest folder as this commit, branch or tag has it, instead of the lake')
    .option('--json', 'print the plan as JSON')
    .action(async (options: PlanOptions, command: Command) => {
      if (options.from !== undefined && options.base !== undefined) throw new Error('plan takes one of --from <dir>, --base <git-ref>, or neither (the lake as deployed)');
      const target = ctx.target(command);
      // What the local platform's CDC capture recorded of its source's schema; a deployment on AWS has no lake home.
      const sourceChanges = target.kind === 'aws' ? undefined : await sourceSchemaChanges(ctx, command);
      const { plan, against, copies } = await chosenPlan(ctx, command, options, target);
      if (options.json) ctx.output.json({ ...plan, ...(copies === undefined ? {} : { heldInClear: copies }), sourceChanges });
      else {
        printPlan(ctx, plan, against);
        if (copies !== undefined && copies.length > 0) printClearCopies(ctx, copies);
        printSourceSchemaChanges(ctx, sourceChanges);
      }
      if (plan.breaking) throw new BreakingManifestChangeError(plan);
    });
}
