// Which lake manifest a command runs: `--manifest <dir>`, else $DATAMASTER_MANIFEST, else the `manifest` folder
// the lake home's config.json names, else the bundled one. Chosen before the command's action, for the whole
// process; workers and job servers the command starts get the same manifest through the environment.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { LAKE_CONFIG_FILE, resolveLakeHome } from '@datamaster/lake-home/location';
import type { CliStreams } from './io.js';

export const MANIFEST_ENV = 'DATAMASTER_MANIFEST';

/** The manifest root the command runs, absolute; undefined for the bundled manifest. */
async function chosenManifestDir(command: Command, streams: CliStreams): Promise<string | undefined> {
  const options = command.optsWithGlobals<{ manifest?: string; home?: string }>();
  const dir = options.manifest ?? streams.env[MANIFEST_ENV];
  if (dir !== undefined && dir !== '') return resolve(streams.cwd, dir);
  const homeRoot = resolveLakeHome(options.home, streams.env, streams.cwd);
  // A home that does not exist yet names no manifest (and choosing one must not create it).
  if (!existsSync(join(homeRoot, LAKE_CONFIG_FILE))) return undefined;
  const { openLakeHome } = await import('@datamaster/lake-home');
  return openLakeHome(homeRoot).manifestDir;
}

export async function useChosenManifest(command: Command, streams: CliStreams): Promise<void> {
  const dir = await chosenManifestDir(command, streams);
  const { useBundledManifest, useManifestDir } = await import('@datamaster/lake-manifest/node');
  if (dir === undefined) {
    useBundledManifest();
    delete streams.env[MANIFEST_ENV];
    return;
  }
  useManifestDir(dir);
  // Child processes (the bronze ECS task, the Spark job server) run the same manifest, and a command's action
  // finds it there (the chosen folder, absolute; unset for the bundled manifest).
  streams.env[MANIFEST_ENV] = dir;
}
