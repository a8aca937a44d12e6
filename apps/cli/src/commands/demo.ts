import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { parseNumberOption } from './seed.js';

export const DEMO_SCALE = 0.05;

export interface DemoOptions {
  scale: number;
  streamSeconds: number;
  wave: number;
}

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description(
      'Run the whole local lake on the embedded defaults: seed dataset, batch extracts and simulated CDC into bronze, silver MERGE, review_flat and gold, then a second wave of updates and deletes processed incrementally; prints row counts, timings and the gold top-10s.',
    )
    .option('--scale <factor>', 'seed dataset size (1 = 1.5M reviews)', parseNumberOption('--scale', false), DEMO_SCALE)
    .option('--stream-seconds <n>', 'seconds of simulated CDC changes after the batch load', parseNumberOption('--stream-seconds', false), 3)
    .option('--wave <changes>', 'updates and deletes in the second wave', parseNumberOption('--wave', true), 3000)
    .action(async (options: DemoOptions, command: Command) => {
      const { runDemo } = await import('../demo/run-demo.js');
      await runDemo(ctx, options, command);
    });
}
