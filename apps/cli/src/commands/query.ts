import { Option, type Command } from 'commander';
import type { SnapshotId } from '@datamaster/iceberg';
import type { QueryStream } from '@datamaster/lakehouse';
import type { CommandContext } from '../context.js';
import { withLakehouse } from '../lakehouse.js';
import { queryOnAws } from '../aws/query-on-aws.js';
import { writeQueryCsv, writeQueryJson } from '../query-export.js';
import { printQueryWindow } from '../query-table.js';

const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface QueryOptions {
  as: string;
  format: Format;
  snapshot?: string;
}

/**
 * Snapshot ids are longs up to 2^63 - 1 (Spark's are mostly beyond 2^53): kept as the digits given, never a number.
 * Read when the command runs, not while the options are parsed, so that `--help` needs no Iceberg library.
 */
async function snapshotOption(command: Command, value: string | undefined): Promise<SnapshotId | undefined> {
  if (value === undefined) return undefined;
  const { InvalidSnapshotIdError, parseSnapshotId } = await import('@datamaster/iceberg');
  try {
    return parseSnapshotId(value);
  } catch (error) {
    if (error instanceof InvalidSnapshotIdError) command.error(`error: option '--snapshot <id>' argument '${value}' is invalid. ${error.message}; \`datamaster tables\` lists each table's current snapshot.`);
    throw error;
  }
}

function printQueryResult(ctx: CommandContext, result: QueryStream, format: Format): Promise<void> {
  if (format === 'csv') return writeQueryCsv(ctx, result);
  if (format === 'json') return writeQueryJson(ctx, result);
  return printQueryWindow(ctx, result);
}

export function registerQuery(program: Command, ctx: CommandContext): void {
  program
    .command('query')
    .description('Run a SELECT over the lake as a principal of the manifest, under its grants (tables as <layer>.<table>, e.g. gold.top_beers_by_rating).')
    .argument('<sql>', 'the SELECT to run')
    .requiredOption('--as <principal>', 'the principal whose grants apply (data-engineer, analyst, demo)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .option('--snapshot <id>', 'read the table that has this snapshot id at that snapshot (time travel)')
    .action(async (sql: string, options: QueryOptions, command: Command) => {
      const target = ctx.target(command);
      if (target.kind === 'aws') {
        if (options.snapshot !== undefined) command.error(`error: --snapshot reads a table at one of its snapshots on the local platform; with --target aws:${target.stage}, use Athena's FOR VERSION AS OF in the query.`);
        await queryOnAws(ctx, { stage: target.stage, sql, principal: options.as, format: options.format });
        return;
      }
      const snapshotId = await snapshotOption(command, options.snapshot);
      const { withGovernedQuery } = await import('@datamaster/lakehouse');
      await withLakehouse(ctx, command, async (lakehouse) => {
        const query = { sql, principal: options.as, ...(snapshotId === undefined ? {} : { snapshotId }) };
        await withGovernedQuery(lakehouse, query, (result) => printQueryResult(ctx, result, options.format));
      });
    });
}
