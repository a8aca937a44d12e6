// Where the lake home is, on its own entry point (@datamaster/lake-home/location): a command names its home without
// loading the home's config schema.
import { resolve } from 'node:path';

export const DEFAULT_LAKE_HOME = '.datamaster';
export const LAKE_HOME_ENV = 'DATAMASTER_HOME';
/** The home's config file, in its root: a folder is a lake home when it has one. */
export const LAKE_CONFIG_FILE = 'config.json';

/** `--home` wins, then $DATAMASTER_HOME, then `.datamaster/` in the current folder. */
export function resolveLakeHome(option: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return resolve(cwd, option || env[LAKE_HOME_ENV] || DEFAULT_LAKE_HOME);
}
