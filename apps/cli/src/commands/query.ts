import { Option, type Command } from 'commander';
import type { SnapshotId } from '@datamaster/iceberg';
import type { QueryResult, QueryValue } from '@datamaster/lakehouse';
import type { CommandContext } from '../context.js';
import { formatTable } from '../io.js';
import { withLakehouse } from '../lakehouse.js';

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

const text = (value: QueryValue) => (value === null ? '' : String(value));

function csvField(value: QueryValue): string {
  const raw = text(value);
  return /[",\n\r]/.test(raw) ? `"${raw.replaceAll('"', '""')}"` : raw;
}

export function printQueryResult(ctx: CommandContext, result: QueryResult, format: Format): void {
  const names = result.columns.map((c) => c.name);
  if (format === 'json') ctx.output.json(result.rows);
  else if (format === 'csv') [names.map(csvField).join(','), ...result.rows.map((row) => names.map((n) => csvField(row[n] ?? null)).join(','))].forEach((l) => ctx.output.line(l));
  else {
    ctx.output.line(formatTable(names, result.rows.map((row) => names.map((n) => (row[n] === null ? 'NULL' : text(row[n] ?? null))))));
    ctx.output.line(ctx.output.colors.dim(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`));
  }
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
      const snapshotId = await snapshotOption(command, options.snapshot);
      const { governedQuery } = await import('@datamaster/lakehouse');
      await withLakehouse(ctx, command, async (lakehouse) => {
        const result = await governedQuery(lakehouse, { sql, principal: options.as, ...(snapshotId === undefined ? {} : { snapshotId }) });
        printQueryResult(ctx, result, options.format);
      });
    });
}
