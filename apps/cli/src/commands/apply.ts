import type { Command } from 'commander';
import { applySteps } from '../apply/apply-steps.js';
import { applyOnAws } from '../aws/apply-on-aws.js';
import type { CommandContext } from '../context.js';
import { engineOption, type EngineName } from '../engines.js';
import { inTurn } from '../lake-writes.js';
import { withPlatform } from '../platform.js';
import { planAgainstLake } from '../lake-plan.js';
import { migrationWork } from '../migrations.js';
import { PiiRewriteNeededError, printClearCopies } from '../pii-rewrite.js';
import { BreakingManifestChangeError, printPlan } from './plan.js';
import { parseNumberOption } from './seed.js';

interface ApplyOptions {
  engine: EngineName;
  rewritePii?: boolean;
  timeout: number;
  json?: boolean;
}

export function registerApply(program: Command, ctx: CommandContext): void {
  program
    .command('apply')
    .description("Bring the lake to the manifest: everything `datamaster plan` lists against the lake home's catalog (or, with --target aws:<stage>, the deployment's Glue Data Catalog). Tables are created, columns added, renamed, promoted or dropped, and every backfill runs (locally on the embedded engine unless --engine spark; on AWS as one execution of the processing state machine). A breaking change is refused, and nothing changes.")
    .addOption(engineOption())
    .option('--rewrite-pii', 'for a column newly declared PII (or masked another way): rewrite the bronze objects and table files that hold it as it was, masked, and expire the older snapshots')
    .option('--timeout <seconds>', "with --target aws:<stage>: how long to wait for the backfills' execution to end", parseNumberOption('--timeout', false), 3600)
    .option('--json', 'print the plan and what was applied as JSON')
    .action(async (options: ApplyOptions, command: Command) => {
      const target = ctx.target(command);
      if (target.kind === 'aws') {
        await applyOnAws(ctx, { stage: target.stage, timeoutSeconds: options.timeout, ...(options.json ? { json: true } : {}) });
        return;
      }
      const { openLocalLakehouse } = await import('@datamaster/local-platform/lakehouse');
      await withPlatform(ctx, command, (platform) =>
        inTurn(ctx, platform, async () => {
          const { plan, masks, copies } = await planAgainstLake(platform.home, platform.store);
          if (!options.json) {
            printPlan(ctx, plan, `the lake at ${platform.home.root} (its catalog)`);
            if (copies.length > 0) printClearCopies(ctx, copies);
          }
          if (plan.breaking) {
            if (options.json) ctx.output.json({ plan });
            throw new BreakingManifestChangeError(plan);
          }
          if (masks.size > 0 && !options.rewritePii) throw new PiiRewriteNeededError(copies);
          const migrations = migrationWork(plan);
          // Opening the lakehouse makes the automatic schema changes (new tables and columns, renames, promotions).
          const lakehouse = await openLocalLakehouse(platform, { rebuilding: migrations.rebuilt });
          try {
            const outcome = await applySteps({ ctx, platform, lakehouse, plan, masks, migrations, engine: options.engine, verbose: !options.json });
            if (options.json) ctx.output.json(outcome);
            else ctx.output.line(ctx.output.colors.green(plan.changes.length === 0 ? 'The lake follows the manifest.' : 'Applied: the lake follows the manifest.'));
          } finally {
            lakehouse.close();
          }
        }),
      );
    });
}
