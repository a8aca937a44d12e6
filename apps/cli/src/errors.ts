// Maps every failure to one exit code and a reason on stderr, in one place.
import { CommanderError } from 'commander';
import type { Output } from './io.js';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function exitCodeFor(error: unknown, output: Output): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help/version text, which exit 0).
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  // The reader of stdout went away (`| head`): not a failure of the command (see datamaster.ts).
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') return 0;
  const message = error instanceof Error ? error.message : String(error);
  output.error(`datamaster: ${output.colors.red('error')}: ${message}`);
  return EXIT_FAILURE;
}
