import type { Command } from 'commander';
import type { ManifestPlan } from '@datamaster/lake-contract';
import type { LocalPlatform } from '@datamaster/local-platform';
import type { ProcessingRun } from '@datamaster/processing';
import type { CommandContext } from '../context.js';
import { engineOption, openEngine, type EngineName } from '../engines.js';
import { inTurn } from '../lake-writes.js';
import { withPlatform } from '../platform.js';
import { BreakingManifestChangeError, printPlan } from './plan.js';
import { ProcessingFailedError, printJobResult } from './process.js';

/** Columns newly masked: the data written before holds them in clear (or masked another way). */
export class PiiRewriteNeededError extends Error {
  override readonly name = 'PiiRewriteNeededError';
  constructor(changes: ManifestPlan['changes']) {
    super(
      `${changes.map((c) => `${c.table}.${c.column ?? ''}`).join(', ')}: newly masked, while the data written before holds the values as they were. Nothing was applied: rewriting that data masked is not something apply does yet, so revert the classification, or rebuild the lake home from its extracts with the new manifest.`,
    );
  }
}

interface ApplyOptions {
  engine: EngineName;
  json?: boolean;
}

export interface ApplyOutcome {
  readonly plan: ManifestPlan;
  /** Columns dropped, by table. */
  readonly dropped: Readonly<Record<string, readonly string[]>>;
  /** The backfills registered, by table, with the partitions each recomputes. */
  readonly backfills: readonly { readonly ref: string; readonly partitions: number; readonly recordId: string }[];
  readonly run?: ProcessingRun;
}

/** The plan of the manifest against the lake as the home's catalog has it, read before anything changes. */
async function planAgainstLake(platform: LocalPlatform): Promise<ManifestPlan> {
  const [{ openLakeCatalog }, { planManifestChange }, { activeManifestVersion }] = await Promise.all([
    import('@datamaster/local-platform/lakehouse'),
    import('@datamaster/lake-contract'),
    import('@datamaster/lake-manifest'),
  ]);
  const { lake, close } = openLakeCatalog(platform.home);
  try {
    return planManifestChange(await lake.deployedVersion(), activeManifestVersion());
  } finally {
    close();
  }
}

export function registerApply(program: Command, ctx: CommandContext): void {
  program
    .command('apply')
    .description("Bring the lake to the manifest: everything `datamaster plan` lists against the lake home's catalog. Tables are created, columns added, renamed, promoted or dropped, and every backfill runs (on the embedded engine unless --engine spark). A breaking change is refused, and nothing changes.")
    .addOption(engineOption())
    .option('--json', 'print the plan and what was applied as JSON')
    .action(async (options: ApplyOptions, command: Command) => {
      const [{ runProcessing, registerBackfill }, { openLocalLakehouse }, { derivedTableSql }] = await Promise.all([
        import('@datamaster/processing'),
        import('@datamaster/local-platform/lakehouse'),
        import('@datamaster/lake-manifest/transforms'),
      ]);
      await withPlatform(ctx, command, (platform) =>
        inTurn(ctx, platform, async () => {
          const plan = await planAgainstLake(platform);
          if (!options.json) printPlan(ctx, plan, `the lake at ${platform.home.root} (its catalog)`);
          if (plan.breaking) {
            if (options.json) ctx.output.json({ plan });
            throw new BreakingManifestChangeError(plan);
          }
          const masking = plan.changes.filter((c) => c.kind === 'pii-classified' || c.kind === 'pii-masking');
          if (masking.length > 0) throw new PiiRewriteNeededError(masking);
          // Opening the lakehouse makes the automatic schema changes (new tables and columns, renames, promotions).
          const lakehouse = await openLocalLakehouse(platform);
          try {
            const { lake } = lakehouse;
            const dropped: Record<string, string[]> = {};
            for (const ref of new Set(plan.changes.filter((c) => c.kind === 'column-dropped').map((c) => c.table))) {
              const names = await lake.dropUndeclaredColumns(lake.table(ref));
              if (names.length > 0) dropped[ref] = names;
            }
            // The tables whose own transform changed; those downstream of them follow through their downstream work.
            const roots = new Set(plan.changes.filter((c) => c.kind === 'transform').map((c) => c.table));
            const backfills = [];
            for (const ref of roots) {
              const { record, partitions } = await registerBackfill(lakehouse.processing, lake.table(ref), derivedTableSql(ref));
              backfills.push({ ref, partitions, recordId: record.recordId });
              if (!options.json) ctx.output.line(`backfill ${ref}: ${partitions} partition(s) to recompute (ledger record ${record.recordId})`);
            }
            let run: ProcessingRun | undefined;
            if (plan.backfills.length > 0) {
              const { engine, close } = await openEngine(ctx, platform, lakehouse, options.engine, Boolean(options.json));
              run = await runProcessing(lakehouse.processing, engine, {
                layers: 'all',
                tables: plan.backfills.map((ref) => ref.slice(ref.indexOf('.') + 1)),
                ...(options.json ? {} : { onJobDone: (result) => printJobResult(ctx, result) }),
              }).finally(close);
              if (run.failures.length > 0) throw new ProcessingFailedError(run);
              // Every partition of these tables now follows the manifest's transforms.
              for (const ref of plan.backfills) await lake.recordApplied(lake.table(ref), ['transform']);
            }
            const outcome: ApplyOutcome = { plan, dropped, backfills, ...(run === undefined ? {} : { run }) };
            if (options.json) ctx.output.json(outcome);
            else ctx.output.line(ctx.output.colors.green(plan.changes.length === 0 ? 'The lake follows the manifest.' : `Applied: the lake follows the manifest.`));
          } finally {
            lakehouse.close();
          }
        }),
      );
    });
}
