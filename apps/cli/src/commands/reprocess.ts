import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { printOutcome } from '../ledger-output.js';
import { localIngestion, withPlatform } from '../platform.js';

interface ReprocessOptions {
  dead?: boolean;
  table?: string;
  json?: boolean;
}

export function registerReprocess(program: Command, ctx: CommandContext): void {
  program
    .command('reprocess')
    .description('Re-drive ledger records (a record id, every dead record, or a whole table) and run them again.')
    .argument('[record-id]', 'one record, as `datamaster status` shows it')
    .option('--dead', 'every dead record')
    .option('--table <table>', 'every record of this table (done ones too: e.g. after a masking change)')
    .option('--json', 'print the outcomes as JSON')
    .action(async (recordId: string | undefined, options: ReprocessOptions, command: Command) => {
      const chosen = [recordId !== undefined, options.dead === true, options.table !== undefined].filter(Boolean).length;
      if (chosen !== 1) throw new Error('reprocess needs exactly one of: a record id, --dead, --table <table>');
      const failed = await withPlatform(ctx, command, async (platform) => {
        const { ledger } = platform;
        let redriven: number;
        if (recordId) {
          await ledger.reprocess(recordId);
          redriven = 1;
        } else if (options.dead) redriven = await ledger.reprocessWhere({ status: 'dead', layer: 'bronze' });
        else redriven = await ledger.reprocessWhere({ table: options.table as string, layer: 'bronze' });
        const outcomes = await (await localIngestion(ctx, platform)).drain();
        if (options.json) ctx.output.json({ redriven, outcomes });
        else {
          ctx.output.line(`re-driven: ${redriven} record(s)`);
          for (const record of outcomes) printOutcome(ctx.output, record);
        }
        return outcomes.some((r) => r.status !== 'succeeded');
      });
      if (failed) throw new Error('some re-driven records did not succeed (see above)');
    });
}
