import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

export function registerMigrate(program: Command, ctx: CommandContext): void {
  program
    .command('migrate')
    .description('Create the dm_core source schema in PostgreSQL from the lake manifest (idempotent), and the CDC publication.')
    .requiredOption('--db <postgres-url>', 'e.g. postgres://user@localhost:5432/dmdb')
    .option('--json', 'print the result as JSON')
    .action(async (options: { db: string; json?: boolean }) => {
      const { migrate } = await import('@datamaster/cdc-postgres');
      const result = await migrate(options.db);
      if (options.json) ctx.output.json(result);
      else {
        ctx.output.line(result.createdTables.length > 0 ? `created: ${result.createdTables.join(', ')}` : 'dm_core is up to date');
        ctx.output.line(`publication ${result.publication.name}: ${result.publication.created ? 'created' : 'present'}${result.publication.addedTables.length ? `, added ${result.publication.addedTables.join(', ')}` : ''}`);
      }
    });
}
