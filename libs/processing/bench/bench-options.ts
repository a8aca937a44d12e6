// The scale bench's command line: which scales to run, the memory budget handed to the CLI, and what to keep.
import { parseArgs } from 'node:util';

export const USAGE = 'usage: npx nx run processing:bench [-- --scales 1,3,10] [--memory-limit 2GB] [--keep] [--json]';

export const DEFAULT_SCALES: readonly number[] = [1, 3, 10];

export interface ScaleBenchOptions {
  /** Seed dataset scales, in the order given (1 = 1.5M reviews). */
  readonly scales: readonly number[];
  /** The CLI's global --memory-limit for every command; the CLI validates it (the first command fails on a bad one). */
  readonly memoryLimit?: string;
  /** Leave the generated extracts and lake homes in the temp folder. */
  readonly keep: boolean;
  /** Print the figures as JSON instead of the tables and the curve. */
  readonly json: boolean;
}

/** A command-line option the bench cannot use; the message names it and shows the usage. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
  constructor(problem: string) {
    super(`${problem}\n${USAGE}`);
  }
}

function parseScales(text: string): number[] {
  const scales = text.split(',').map((part) => part.trim());
  const bad = scales.find((part) => part === '' || !(Number.isFinite(Number(part)) && Number(part) > 0));
  if (bad !== undefined) throw new BenchUsageError(`--scales "${text}": "${bad}" is not a scale; give numbers > 0 separated by commas, e.g. --scales 0.1,0.3`);
  const numbers = scales.map(Number);
  const repeated = numbers.find((scale, i) => numbers.indexOf(scale) !== i);
  if (repeated !== undefined) throw new BenchUsageError(`--scales "${text}": scale ${repeated} is given twice`);
  return numbers;
}

export function parseBenchOptions(args: readonly string[]): ScaleBenchOptions {
  let values: { scales?: string; 'memory-limit'?: string; keep?: boolean; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { scales: { type: 'string' }, 'memory-limit': { type: 'string' }, keep: { type: 'boolean' }, json: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const memoryLimit = values['memory-limit']?.trim();
  if (memoryLimit === '') throw new BenchUsageError('--memory-limit needs a size, e.g. --memory-limit 1GB');
  return {
    scales: values.scales === undefined ? DEFAULT_SCALES : parseScales(values.scales),
    ...(memoryLimit === undefined ? {} : { memoryLimit }),
    keep: values.keep ?? false,
    json: values.json ?? false,
  };
}
