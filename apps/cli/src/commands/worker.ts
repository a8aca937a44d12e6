import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { withPlatform } from '../platform.js';

interface BronzeTask {
  recordId: string;
  executionId: string;
}

/** The bronze ECS task's entry point on the local platform: the ingestion state machine starts it as a process. */
export function registerWorker(program: Command, ctx: CommandContext): void {
  const worker = program.command('worker', { hidden: true }).description('Run one unit of worker code, as a task of the local platform.');
  worker
    .command('bronze')
    .description('Convert one raw object (by ledger record) into bronze, as the ECS task does.')
    .requiredOption('--task-from-stdin', 'load and connect first, then read the task as one JSON line {recordId, executionId} from stdin; exit with no work when stdin closes empty')
    .action(async (_options: { taskFromStdin: true }, command: Command) => {
      const [{ holderGone, thisProcess }, { processRawObject }] = await Promise.all([import('@datamaster/control-ledger'), import('@datamaster/ingestion')]);
      await withPlatform(ctx, command, async ({ store, ledger, maskingKey, metrics, lineage }) => {
        const task = await readTask(ctx);
        if (!task) return;
        await processRawObject({ store, ledger, maskingKey, metrics, lineage, holder: thisProcess(), holderGone }, { recordId: task.recordId, owner: task.executionId, computeTarget: 'ecs', executionId: task.executionId });
      });
    });
}

/** The task its starter writes once it knows it; undefined when stdin closes with nothing (the task went elsewhere). */
async function readTask(ctx: CommandContext): Promise<BronzeTask | undefined> {
  const stdin = ctx.streams.stdin;
  if (!stdin) throw new Error('--task-from-stdin needs a standard input to read the task from');
  let text = '';
  for await (const chunk of stdin) text += chunk.toString();
  if (text.trim() === '') return undefined;
  let task: Partial<BronzeTask>;
  try {
    task = JSON.parse(text) as Partial<BronzeTask>;
  } catch (error) {
    throw new Error(`the task on stdin is not JSON (${(error as Error).message}): ${text.trim().slice(0, 200)}`);
  }
  if (typeof task?.recordId !== 'string' || typeof task.executionId !== 'string') {
    throw new Error(`the task on stdin needs string recordId and executionId, got ${text.trim().slice(0, 200)}`);
  }
  return { recordId: task.recordId, executionId: task.executionId };
}
