import type { Command } from 'commander';
import type { TableStatus } from '@datamaster/lake-contract';
import type { CommandContext } from '../context.js';
import { formatBytes, formatTable } from '../io.js';
import { withLakehouse } from '../lakehouse.js';
import { withDeployedLake } from '../aws/with-aws-platform.js';

function lastRun(status: TableStatus): string {
  if (status.lastRun === undefined) return '-';
  return `${status.lastRun.status} ${status.lastRun.at.slice(0, 19).replace('T', ' ')}`;
}

/** Waiting work, and whose lease holds part of it. */
function waiting(status: TableStatus): string {
  const held = status.held.reduce((n, h) => n + h.records, 0);
  return held === 0 ? String(status.waiting) : `${status.waiting} (${held} leased)`;
}

export function registerTables(program: Command, ctx: CommandContext): void {
  program
    .command('tables')
    .description('List every lake table: current snapshot, rows, files, size, last ledger run, waiting work and freshness against its objective.')
    .option('--json', 'print the statuses as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { tableStatuses } = await import('@datamaster/processing');
      const target = ctx.target(command);
      if (target.kind === 'aws') {
        await withDeployedLake(ctx, target.stage, async (lake, { ledger }) => printTables(ctx, await tableStatuses(lake, ledger), options.json));
        return;
      }
      await withLakehouse(ctx, command, async (lakehouse) => printTables(ctx, await tableStatuses(lakehouse.lake, lakehouse.processing.ledger), options.json));
    });
}

function printTables(ctx: CommandContext, statuses: readonly TableStatus[], json: boolean | undefined): void {
  if (json) {
    ctx.output.json(statuses);
    return;
  }
  const { colors } = ctx.output;
  const freshness = (s: TableStatus) => (s.freshness === 'fresh' ? colors.green('fresh') : s.freshness === 'stale' ? colors.yellow('stale') : colors.dim('never loaded'));
  ctx.output.line(
    formatTable(
      ['table', 'snapshot', 'at', 'rows', 'files', 'size', 'last run', 'waiting', 'objective', 'freshness'],
      statuses.map((s) => [
        s.ref,
        s.snapshot === undefined ? '-' : s.snapshot.id,
        s.snapshot === undefined ? '-' : s.snapshot.at.slice(0, 19).replace('T', ' '),
        s.rows.toLocaleString('en-US'),
        String(s.dataFiles),
        formatBytes(s.bytes),
        lastRun(s),
        waiting(s),
        s.objective ?? '-',
        freshness(s),
      ]),
    ),
  );
}
