import type { Command } from 'commander';
import type { LakeHome } from '@datamaster/lake-home';
import type { CommandContext } from '../context.js';

export function printHome(ctx: CommandContext, home: LakeHome, created: boolean): void {
  const { colors } = ctx.output;
  ctx.output.line(created ? colors.green(`Created the lake home at ${home.root}`) : `The lake home at ${home.root} already exists; kept its config and masking key.`);
  ctx.output.line(`  lake      ${home.storageUri}`);
  ctx.output.line(`  ledger    ${home.ledgerDir}`);
  ctx.output.line(`  catalog   ${home.catalogPath}`);
  ctx.output.line(`  key       ${home.maskingKeyFile}`);
}

export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('Create the local lake home (lake folder, ledger, catalog, masking key, config). Safe to run again.')
    .option('--json', 'print the lake home as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { initLakeHome } = await import('@datamaster/lake-home');
      const { home, created } = initLakeHome(ctx.homeDir(command));
      if (options.json) ctx.output.json({ created, ...home });
      else printHome(ctx, home, created);
    });
}
