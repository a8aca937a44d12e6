import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { generateSeedDataset, type SeedDatasetSummary } from '@datamaster/seed-data';
import type { CommandContext } from '../context.js';
import { formatBytes, formatTable } from '../io.js';

export function parseNumberOption(name: string, integer: boolean) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed)))
      throw new InvalidArgumentError(`${name} must be ${integer ? 'an integer' : 'a number'}, got "${value}".`);
    return parsed;
  };
}

/** Generates the dataset with one progress bar per table. */
export async function seedWithProgress(ctx: CommandContext, outDir: string, scale: number, seed: number): Promise<SeedDatasetSummary> {
  let bar: { table: string; progress: ReturnType<CommandContext['output']['progress']> } | undefined;
  const summary = await generateSeedDataset({
    outDir,
    scale,
    seed,
    onProgress: ({ table, rowsWritten, totalRows }) => {
      if (bar?.table !== table) {
        bar?.progress.stop();
        bar = { table, progress: ctx.output.progress(table, totalRows) };
      }
      bar.progress.update(rowsWritten);
    },
  });
  bar?.progress.stop();
  return summary;
}

export function printSeedSummary(ctx: CommandContext, summary: SeedDatasetSummary): void {
  const rows = summary.tables.map((t) => [t.table, t.rows.toLocaleString('en-US'), formatBytes(t.bytes), t.path, t.sha256.slice(0, 12)]);
  ctx.output.line(formatTable(['table', 'rows', 'size', 'file', 'sha256'], rows));
  ctx.output.line(`generated in ${(summary.durationMs / 1000).toFixed(1)} s`);
}

export function registerSeed(program: Command, ctx: CommandContext): void {
  program
    .command('seed')
    .description('Write a deterministic synthetic beer dataset (brewery, beer, profile, review) as <table>.csv.gz batch extracts.')
    .requiredOption('--out <dir>', 'folder to write the .csv.gz files into')
    .option('--scale <factor>', 'size relative to the original dataset (1 = 1.5M reviews)', parseNumberOption('--scale', false), 1)
    .option('--seed <n>', 'random seed; the same seed gives byte-identical files', parseNumberOption('--seed', true), 42)
    .option('--json', 'print the summary as JSON')
    .action(async (options: { out: string; scale: number; seed: number; json?: boolean }) => {
      const summary = await seedWithProgress(ctx, resolve(ctx.streams.cwd, options.out), options.scale, options.seed);
      if (options.json) ctx.output.json(summary);
      else printSeedSummary(ctx, summary);
    });
}
