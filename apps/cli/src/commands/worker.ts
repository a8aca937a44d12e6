import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { withPlatform } from '../platform.js';

/** The bronze ECS task's entry point on the local platform: the ingestion state machine starts it as a process. */
export function registerWorker(program: Command, ctx: CommandContext): void {
  const worker = program.command('worker', { hidden: true }).description('Run one unit of worker code, as a task of the local platform.');
  worker
    .command('bronze')
    .description('Convert one raw object (by ledger record) into bronze, as the ECS task does.')
    .requiredOption('--record-id <id>', 'the ledger record')
    .requiredOption('--execution-id <id>', 'the state machine execution (the lease owner)')
    .action(async (options: { recordId: string; executionId: string }, command: Command) => {
      const [{ holderGone, thisProcess }, { processRawObject }] = await Promise.all([import('@datamaster/control-ledger'), import('@datamaster/ingestion')]);
      await withPlatform(ctx, command, async ({ store, ledger, maskingKey }) => {
        await processRawObject({ store, ledger, maskingKey, holder: thisProcess(), holderGone }, { recordId: options.recordId, owner: options.executionId, computeTarget: 'ecs', executionId: options.executionId });
      });
    });
}
