import type { Command } from 'commander';
import { resolveLakeHome } from '@datamaster/lake-home/location';
import type { CliStreams, Output } from './io.js';

/** What every command handler receives: its streams, its output helper and the resolved lake home. */
export interface CommandContext {
  readonly streams: CliStreams;
  readonly output: Output;
  /** Absolute path of the lake home from --home, $DATAMASTER_HOME or ./.datamaster. */
  homeDir(command: Command): string;
  /** How to start this CLI again (program and script), for work that runs as its own process; absent in-process. */
  readonly workerCommand?: readonly string[];
}

export function createContext(streams: CliStreams, output: Output, workerCommand?: readonly string[]): CommandContext {
  return {
    streams,
    output,
    workerCommand,
    homeDir: (command) => resolveLakeHome(command.optsWithGlobals<{ home?: string }>().home, streams.env, streams.cwd),
  };
}
