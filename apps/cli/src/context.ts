import type { Command } from 'commander';
import { resolveLakeHome } from '@datamaster/lake-home/location';
import { parseTarget, type PlatformTarget } from '@datamaster/aws-platform/target';
import type { CliStreams, Output } from './io.js';

export const TARGET_ENV = 'DATAMASTER_TARGET';

/** What every command handler receives: its streams, its output helper and the resolved lake home. */
export interface CommandContext {
  readonly streams: CliStreams;
  readonly output: Output;
  /** Absolute path of the lake home from --home, $DATAMASTER_HOME or ./.datamaster. */
  homeDir(command: Command): string;
  /** Where the command runs: --target, else $DATAMASTER_TARGET, else the local platform. */
  target(command: Command): PlatformTarget;
  /** How to start this CLI again (program and script), for work that runs as its own process; absent in-process. */
  readonly workerCommand?: readonly string[];
}

export function createContext(streams: CliStreams, output: Output, workerCommand?: readonly string[]): CommandContext {
  return {
    streams,
    output,
    workerCommand,
    homeDir: (command) => resolveLakeHome(command.optsWithGlobals<{ home?: string }>().home, streams.env, streams.cwd),
    target: (command) => parseTarget(command.optsWithGlobals<{ target?: string }>().target ?? (streams.env[TARGET_ENV] || 'local')),
  };
}
