import { join } from 'node:path';
import type { Command } from 'commander';
import { initLakeHome } from '@datamaster/lake-home';
import { lakeManifest } from '@datamaster/lake-manifest';
import type { CommandContext } from '../context.js';
import { printHome } from './init.js';
import { parseNumberOption, printSeedSummary, seedWithProgress } from './seed.js';

export const DEMO_SCALE = 0.02;

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('Run the local lake end to end on the embedded defaults: create the lake home, validate the manifest, generate the seed dataset.')
    .option('--scale <factor>', 'seed dataset size (1 = 1.5M reviews)', parseNumberOption('--scale', false), DEMO_SCALE)
    .action(async (options: { scale: number }, command: Command) => {
      const { colors } = ctx.output;
      const started = Date.now();
      ctx.output.line(colors.bold('1. lake home'));
      const { home, created } = initLakeHome(ctx.homeDir(command));
      printHome(ctx, home, created);

      ctx.output.line(colors.bold('\n2. lake manifest'));
      const manifest = lakeManifest();
      ctx.output.line(`${colors.green('✔')} ${manifest.tables.length} tables valid, ${manifest.principals.length} principals`);

      ctx.output.line(colors.bold('\n3. seed dataset'));
      printSeedSummary(ctx, await seedWithProgress(ctx, join(home.root, 'seed'), options.scale, 42));
      ctx.output.line(colors.green(`\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s`));
    });
}
