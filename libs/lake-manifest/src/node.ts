// Loads a manifest from a directory on disk (for `datamaster manifest validate --dir` and for
// tooling that edits the manifest). Node-only, hence its own entry point.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ManifestError } from './errors.js';
import type { LakeManifest } from './model.js';
import { buildManifest } from './resolve.js';
import type { ManifestFileSource } from './validate-file.js';

export const LAKE_FILE = 'lake.json';

/** Every `*.json` file under `dir`, sorted, as paths relative to the current directory. */
export function listManifestFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));
}

function readJson(path: string): ManifestFileSource | ManifestError {
  const file = relative(process.cwd(), path) || path;
  try {
    return { file, data: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (error) {
    return new ManifestError([{ file, path: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
}

/** Reads `<dir>/lake.json` and every other JSON file below `dir` as a table file. */
export function loadManifestDir(dir: string): LakeManifest {
  const sources = listManifestFiles(dir).map((path) => ({ path, source: readJson(path) }));
  const broken = sources.flatMap(({ source }) => (source instanceof ManifestError ? source.problems : []));
  const lakePath = join(dir, LAKE_FILE);
  const lake = sources.find(({ path }) => path === lakePath)?.source;
  if (!lake) broken.push({ file: relative(process.cwd(), lakePath), path: '', message: 'missing: every manifest needs a lake.json with the databases and principals' });
  if (broken.length > 0 || !lake || lake instanceof ManifestError) throw new ManifestError(broken);
  const tables = sources.filter(({ path }) => path !== lakePath).map(({ source }) => source as ManifestFileSource);
  return buildManifest({ lake, tables });
}
