import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ChangeClass, ManifestPlan } from '@datamaster/lake-contract';
import type { CommandContext } from '../context.js';
import { formatTable } from '../io.js';
import { MANIFEST_ENV } from '../manifest-choice.js';

interface PlanOptions {
  from?: string;
  base?: string;
  json?: boolean;
}

/** The plan holds a breaking change: CI must not merge it as it is. */
export class BreakingManifestChangeError extends Error {
  override readonly name = 'BreakingManifestChangeError';
  constructor(plan: ManifestPlan) {
    const breaking = plan.changes.filter((c) => c.class === 'breaking');
    super(`${breaking.length} breaking change(s): ${breaking.map((c) => `${c.table}${c.column ? `.${c.column}` : ''} (${c.kind})`).join(', ')}. Old data or downstream readers would be wrong: make the change additive instead (a column added, not changed in place), as datamaster cannot apply a breaking change.`);
  }
}

const CLASSES: readonly ChangeClass[] = ['breaking', 'backfill', 'automatic'];

function printPlan(ctx: CommandContext, plan: ManifestPlan, against: string): void {
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
    ctx.output.line(formatTable(['table', 'column', 'change', 'detail'], changes.map((c) => [c.table, c.column ?? '', c.kind, c.detail])));
  }
  if (plan.backfills.length > 0) ctx.output.line(`\nrecomputed: ${plan.backfills.join(', ')} (every partition)`);
  ctx.output.line(plan.breaking ? colors.red('\nbreaking: not mergeable as it is') : colors.green('\nmergeable: every change applies by itself or by a backfill'));
}

export function registerPlan(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('Compare the manifest (the bundled one, or --manifest) with an earlier version: tables, columns, PII classes, grants, partitioning and transforms, each change classed automatic, backfill or breaking. Exits 1 on a breaking change.')
    .option('--from <dir>', 'the earlier version: a manifest folder (tables/ and transforms/)')
    .option('--base <git-ref>', 'the earlier version: the manifest folder as this commit, branch or tag has it')
    .option('--json', 'print the plan as JSON')
    .action(async (options: PlanOptions) => {
      if ((options.from === undefined) === (options.base === undefined)) throw new Error('plan needs exactly one of --from <dir>, --base <git-ref>');
      const [{ planManifestChange }, { activeManifestVersion }, { loadManifestVersion }, { manifestAtRef }] = await Promise.all([
        import('@datamaster/lake-contract'),
        import('@datamaster/lake-manifest'),
        import('@datamaster/lake-manifest/node'),
        import('../manifest-at-ref.js'),
      ]);
      const baseDir = options.from !== undefined ? resolve(ctx.streams.cwd, options.from) : manifestAtRef(options.base as string, ctx.streams.cwd, ctx.streams.env[MANIFEST_ENV]);
      let plan: ManifestPlan;
      try {
        plan = planManifestChange(loadManifestVersion(baseDir), activeManifestVersion());
      } finally {
        if (options.base !== undefined) rmSync(baseDir, { recursive: true, force: true });
      }
      if (options.json) ctx.output.json(plan);
      else printPlan(ctx, plan, options.from ?? options.base ?? '');
      if (plan.breaking) throw new BreakingManifestChangeError(plan);
    });
}
