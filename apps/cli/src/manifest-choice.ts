// Which lake manifest a command runs: `--manifest <dir>`, else $DATAMASTER_MANIFEST, else the bundled one.
// Chosen before the command's action, for the whole process; workers and job servers the command starts get
// the same manifest through the environment.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliStreams } from './io.js';

export const MANIFEST_ENV = 'DATAMASTER_MANIFEST';

/** The manifest root the command names, absolute; undefined for the bundled manifest. */
export function chosenManifestDir(command: Command, streams: CliStreams): string | undefined {
  const dir = command.optsWithGlobals<{ manifest?: string }>().manifest ?? streams.env[MANIFEST_ENV];
  return dir === undefined || dir === '' ? undefined : resolve(streams.cwd, dir);
}

export async function useChosenManifest(command: Command, streams: CliStreams): Promise<void> {
  const dir = chosenManifestDir(command, streams);
  const { useBundledManifest, useManifestDir } = await import('@datamaster/lake-manifest/node');
  if (dir === undefined) {
    useBundledManifest();
    return;
  }
  useManifestDir(dir);
  // Child processes (the bronze ECS task, the Spark job server) run the same manifest.
  streams.env[MANIFEST_ENV] = dir;
}
