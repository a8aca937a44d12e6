// The scale benchmark of processing (issue 14): for each scale, a fresh temp folder, the seed's extracts ingested
// with the built CLI, then `datamaster process all` measured as a whole and per stage: wall time, CPU time, peak
// RSS, rows per second and the peak size of the spill folder. Prints a block per scale, a summary across scales
// and one curve of time and memory against rows (or --json). Generated data stays in the temp folder, deleted
// unless --keep. Run with `npx nx run processing:bench [-- --scales 0.1,0.3 --memory-limit 1GB --keep --json]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchUsageError, parseBenchOptions, USAGE, type ScaleBenchOptions } from './bench-options.js';
import { assertCliBuilt, CliCommandError, CliNotBuiltError, runCli } from './cli-command.js';
import { printReport } from './report.js';
import { IncompleteRunError, runScale, type ScaleFigures } from './scale-run.js';

/** Progress on stderr: stdout carries the report, or the JSON. */
const progress = (line: string): void => void process.stderr.write(`  ${line}\n`);

/** The CLI's own check of a size (a usage error before any command opens a lake), before anything is generated. */
async function checkMemoryLimit(size: string): Promise<void> {
  try {
    await runCli(['--memory-limit', size, '--help']);
  } catch (error) {
    // Its first line says what is wrong; the CLI's "(add --help for usage)" would point at the CLI's help, not the bench's.
    if (error instanceof CliCommandError) throw new BenchUsageError(`--memory-limit ${size}: ${error.stderr.trim().split('\n')[0]}`);
    throw error;
  }
}

async function main(options: ScaleBenchOptions): Promise<void> {
  assertCliBuilt();
  if (options.memoryLimit !== undefined) await checkMemoryLimit(options.memoryLimit);
  const root = await mkdtemp(join(tmpdir(), 'processing-scale-bench-'));
  progress(`processing scale bench: scales ${options.scales.join(', ')} in ${root}${options.keep ? ' (kept)' : ''}`);
  try {
    const all: ScaleFigures[] = [];
    for (const scale of options.scales) {
      const dir = join(root, `scale-${scale}`);
      all.push(await runScale({ scale, dir, ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }), progress }));
      // Scale 10's extracts and lake take gigabytes: each scale's go before the next one starts.
      if (!options.keep) await rm(dir, { recursive: true, force: true });
    }
    if (options.json) console.log(JSON.stringify({ scales: all }, null, 2));
    else printReport(all);
  } finally {
    if (!options.keep) await rm(root, { recursive: true, force: true });
  }
}

try {
  const args = process.argv.slice(2);
  if (args.includes('--help')) console.log(USAGE);
  else await main(parseBenchOptions(args));
} catch (error) {
  // The bench's own errors say all there is to say; anything else is a bug, shown with its stack.
  const known = [BenchUsageError, CliCommandError, CliNotBuiltError, IncompleteRunError].some((type) => error instanceof type);
  console.error(known ? (error as Error).message : error);
  process.exitCode = error instanceof BenchUsageError ? 2 : 1;
}
