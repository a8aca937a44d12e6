import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { SeedDatasetSummary } from '@datamaster/seed-data';
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
  const { generateSeedDataset } = await import('@datamaster/seed-data');
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

interface SeedOptions {
  out?: string;
  into?: string;
  scale: number;
  seed: number;
  json?: boolean;
}

export function registerSeed(program: Command, ctx: CommandContext): void {
  program
    .command('seed')
    .description('Write a deterministic synthetic beer dataset as <table>.csv.gz batch extracts (--out), and/or load brewery, beer and profile into PostgreSQL (--into).')
    .option('--out <dir>', 'folder to write the .csv.gz files into')
    .option('--into <postgres-url>', 'load the OLTP tables (brewery, beer, profile) into dm_core; reviews arrive as the batch extract')
    .option('--scale <factor>', 'size relative to the original dataset (1 = 1.5M reviews)', parseNumberOption('--scale', false), 1)
    .option('--seed <n>', 'random seed; the same seed gives byte-identical files', parseNumberOption('--seed', true), 42)
    .option('--json', 'print the summary as JSON')
    .action(async (options: SeedOptions) => {
      if (!options.out && !options.into) throw new Error('seed needs --out <dir>, --into <postgres-url>, or both');
      const outDir = options.out ? resolve(ctx.streams.cwd, options.out) : await mkdtemp(join(tmpdir(), 'datamaster-seed-'));
      try {
        const summary = await seedWithProgress(ctx, outDir, options.scale, options.seed);
        const loaded = options.into ? await (await import('@datamaster/cdc-postgres')).seedPostgres(options.into, { dir: outDir }) : undefined;
        if (options.json) ctx.output.json({ ...summary, ...(loaded ? { loaded } : {}) });
        else {
          if (options.out) printSeedSummary(ctx, summary);
          for (const table of loaded ?? []) ctx.output.line(`${table.table}: ${table.rowsInserted.toLocaleString('en-US')} of ${table.rowsInFile.toLocaleString('en-US')} rows inserted into dm_core`);
        }
      } finally {
        if (!options.out) await rm(outDir, { recursive: true, force: true });
      }
    });
}
