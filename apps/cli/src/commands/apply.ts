import type { Command } from 'commander';
import type { ManifestPlan } from '@datamaster/lake-contract';
import type { WholeTableRebuild } from '@datamaster/lakehouse';
import type { ProcessingRun } from '@datamaster/processing';
import type { CommandContext } from '../context.js';
import { engineOption, openEngine, type EngineName } from '../engines.js';
import { inTurn } from '../lake-writes.js';
import { withPlatform } from '../platform.js';
import { planAgainstLake } from '../lake-plan.js';
import { migrationWork } from '../migrations.js';
import { isSourceTable, PiiRewriteNeededError, printClearCopies } from '../pii-rewrite.js';
import { BreakingManifestChangeError, printPlan } from './plan.js';
import { ProcessingFailedError, printJobResult } from './process.js';

interface ApplyOptions {
  engine: EngineName;
  rewritePii?: boolean;
  json?: boolean;
}

export interface ApplyOutcome {
  readonly plan: ManifestPlan;
  /** Columns dropped, by table. */
  readonly dropped: Readonly<Record<string, readonly string[]>>;
  /** Derived tables rebuilt whole under their new declaration. */
  readonly rebuilds: readonly WholeTableRebuild[];
  /** The backfills registered, by table, with the partitions each recomputes. */
  readonly backfills: readonly { readonly ref: string; readonly partitions: number; readonly recordId: string }[];
  /** Data rewritten masked, by table: bronze objects, live files replaced, snapshots expired. */
  readonly masked: readonly { readonly ref: string; readonly bronzeObjects: number; readonly filesRewritten: number; readonly snapshotsExpired: number }[];
  readonly run?: ProcessingRun;
}

export function registerApply(program: Command, ctx: CommandContext): void {
  program
    .command('apply')
    .description("Bring the lake to the manifest: everything `datamaster plan` lists against the lake home's catalog. Tables are created, columns added, renamed, promoted or dropped, and every backfill runs (on the embedded engine unless --engine spark). A breaking change is refused, and nothing changes.")
    .addOption(engineOption())
    .option('--rewrite-pii', 'for a column newly declared PII (or masked another way): rewrite the bronze objects and table files that hold it as it was, masked, and expire the older snapshots')
    .option('--json', 'print the plan and what was applied as JSON')
    .action(async (options: ApplyOptions, command: Command) => {
      const [{ runProcessing, registerBackfill }, { openLocalLakehouse }, { derivedTableSql }, { rebuildWholeTable, rewriteBronzeMasked, rewriteTableMasked }, { lakeManifest: activeManifest }] = await Promise.all([
        import('@datamaster/processing'),
        import('@datamaster/local-platform/lakehouse'),
        import('@datamaster/lake-manifest/transforms'),
        import('@datamaster/lakehouse'),
        import('@datamaster/lake-manifest'),
      ]);
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
          const { rebuilt, accepted } = migrationWork(plan, activeManifest());
          // Opening the lakehouse makes the automatic schema changes (new tables and columns, renames, promotions).
          const lakehouse = await openLocalLakehouse(platform, { rebuilding: rebuilt });
          try {
            const { lake } = lakehouse;
            const dropped: Record<string, string[]> = {};
            for (const ref of new Set(plan.changes.filter((c) => c.kind === 'column-dropped').map((c) => c.table))) {
              const names = await lake.dropUndeclaredColumns(lake.table(ref));
              if (names.length > 0) dropped[ref] = names;
            }
            // A source's silver table and its bronze objects are rewritten masked in place; derived tables are recomputed.
            const masked: ApplyOutcome['masked'][number][] = [];
            for (const [ref, columns] of masks) {
              const table = lake.table(ref);
              if (!isSourceTable(table)) continue;
              const bronze = await rewriteBronzeMasked(lakehouse, table.name, columns, platform.maskingKey);
              const rewrite = await rewriteTableMasked(lakehouse, table, columns, platform.maskingKey);
              masked.push({ ref, bronzeObjects: bronze.rewritten.length, filesRewritten: rewrite.filesRewritten, snapshotsExpired: rewrite.snapshotsExpired });
              if (!options.json) ctx.output.line(`masked ${ref} (${columns.map((c) => c.name).join(', ')}): ${bronze.rewritten.length} bronze object(s) and ${rewrite.filesRewritten} data file(s) rewritten, ${rewrite.snapshotsExpired} older snapshot(s) expired`);
            }
            // Derived tables under a new declaration are rebuilt whole, in manifest order (a rebuilt table's inputs first).
            const rebuilds: WholeTableRebuild[] = [];
            for (const table of lake.tables.filter((t) => rebuilt.has(t.ref))) {
              const rebuild = await rebuildWholeTable(lakehouse, table);
              await lake.recordApplied(table, ['transform', 'piiMasking']);
              rebuilds.push(rebuild);
              if (!options.json) ctx.output.line(`rebuilt ${table.ref}: ${rebuild.rows.toLocaleString('en-US')} rows in ${rebuild.files} file(s), snapshot ${rebuild.snapshotId}`);
            }
            // The tables whose own transform changed, that inherit a newly masked column, or that are built from a rebuilt
            // table: recomputed. Those downstream of them follow through their downstream work.
            const derivedMasked = [...masks.keys()].filter((ref) => !isSourceTable(lake.table(ref)) && !rebuilt.has(ref));
            const fromRebuilt = lake.tables.filter((t) => !rebuilt.has(t.ref) && t.upstream.some((ref) => rebuilt.has(ref))).map((t) => t.ref);
            const roots = new Set([...plan.changes.filter((c) => c.kind === 'transform' && !rebuilt.has(c.table)).map((c) => c.table), ...derivedMasked, ...fromRebuilt]);
            const backfills = [];
            for (const ref of roots) {
              const { record, partitions } = await registerBackfill(lakehouse.processing, lake.table(ref), derivedTableSql(ref));
              backfills.push({ ref, partitions, recordId: record.recordId });
              if (!options.json) ctx.output.line(`backfill ${ref}: ${partitions} partition(s) to recompute (ledger record ${record.recordId})`);
            }
            let run: ProcessingRun | undefined;
            const recomputed = plan.backfills.filter((ref) => !rebuilt.has(ref));
            if (recomputed.length > 0) {
              const { engine, close } = await openEngine(ctx, platform, lakehouse, options.engine, Boolean(options.json));
              run = await runProcessing(lakehouse.processing, engine, {
                layers: 'all',
                tables: recomputed.map((ref) => ref.slice(ref.indexOf('.') + 1)),
                ...(options.json ? {} : { onJobDone: (result) => printJobResult(ctx, result) }),
              }).finally(close);
              if (run.failures.length > 0) throw new ProcessingFailedError(run);
              // Every partition of these tables now follows the manifest's transforms.
              for (const ref of recomputed) await lake.recordApplied(lake.table(ref), ['transform']);
            }
            for (const ref of derivedMasked) {
              // Recomputed from masked inputs: what is left is the older snapshots, with the values as they were.
              const rewrite = await rewriteTableMasked(lakehouse, lake.table(ref), masks.get(ref) ?? [], platform.maskingKey);
              masked.push({ ref, bronzeObjects: 0, filesRewritten: rewrite.filesRewritten, snapshotsExpired: rewrite.snapshotsExpired });
              if (!options.json) ctx.output.line(`masked ${ref}: recomputed, ${rewrite.snapshotsExpired} older snapshot(s) expired`);
            }
            for (const ref of new Set([...masks.keys(), ...accepted])) await lake.recordApplied(lake.table(ref), ['piiMasking']);
            const outcome: ApplyOutcome = { plan, dropped, rebuilds, backfills, masked, ...(run === undefined ? {} : { run }) };
            if (options.json) ctx.output.json(outcome);
            else ctx.output.line(ctx.output.colors.green(plan.changes.length === 0 ? 'The lake follows the manifest.' : `Applied: the lake follows the manifest.`));
          } finally {
            lakehouse.close();
          }
        }),
      );
    });
}
