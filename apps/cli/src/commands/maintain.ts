import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { formatTable } from '../io.js';
import { withLakehouse } from '../lakehouse.js';
import { inTurn } from '../lake-writes.js';
import { parseNumberOption } from './seed.js';

interface MaintainOptions {
  retainDays: number;
  retainLast: number;
  orphanAgeHours: number;
  dryRun?: boolean;
  json?: boolean;
}

export function registerMaintain(program: Command, ctx: CommandContext): void {
  program
    .command('maintain')
    .description('Keep the silver and gold tables small and fast: compact small files, expire old snapshots, delete files no snapshot references.')
    .option('--retain-days <days>', 'expire snapshots older than this (time travel ends there)', parseNumberOption('--retain-days', false), 7)
    .option('--retain-last <n>', 'always keep this many newest snapshots', parseNumberOption('--retain-last', true), 5)
    .option('--orphan-age-hours <hours>', 'spare unreferenced files younger than this (a write may be in flight)', parseNumberOption('--orphan-age-hours', false), 24)
    .option('--dry-run', 'report what a real run would compact, expire and delete, and change nothing')
    .option('--json', 'print the results as JSON')
    .action(async (options: MaintainOptions, command: Command) => {
      const { maintainTables } = await import('@datamaster/lakehouse');
      await withLakehouse(ctx, command, async (lakehouse, platform) => {
        const results = await inTurn(ctx, platform, () =>
          maintainTables(lakehouse, {
            snapshotRetentionMs: options.retainDays * 86_400_000,
            retainLast: options.retainLast,
            orphanMinAgeMs: options.orphanAgeHours * 3_600_000,
            dryRun: options.dryRun ?? false,
          }),
        );
        if (options.json) {
          ctx.output.json(results);
          return;
        }
        ctx.output.line(
          formatTable(
            options.dryRun
              ? ['table', 'would compact', 'would add', 'would expire', 'would delete', 'orphans too young']
              : ['table', 'files compacted', 'files added', 'snapshots expired', 'orphans deleted', 'orphans too young'],
            results.map((r) => [r.ref, String(r.filesCompacted), String(r.filesAdded), String(r.snapshotsExpired), String(r.orphansDeleted), String(r.orphansKept)]),
          ),
        );
      });
    });
}
