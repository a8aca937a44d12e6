// A manifest folder's files as buildManifest takes them: tables/lake.json, the other table files parsed, the
// transform files by path. Unparseable JSON and a missing lake.json are reported here, by file: nothing else
// can be checked without them.
import type { ManifestFile } from '../bundling/manifest-folder.mjs';
import { ManifestError, type ManifestProblem } from './errors.js';
import type { LakeManifest } from './model.js';
import { buildManifest, type ManifestSources } from './resolve.js';
import { TRANSFORMS_FOLDER } from './transform-files.js';
import type { ManifestFileSource } from './validate-file.js';

const TABLES_FOLDER = 'tables/';
const LAKE_FILE = `${TABLES_FOLDER}lake.json`;

function parseJson(file: ManifestFile): ManifestFileSource | ManifestProblem {
  try {
    return { file: file.path, data: JSON.parse(file.text) };
  } catch (error) {
    return { file: file.path, path: '', message: `not valid JSON: ${(error as Error).message}` };
  }
}

export function manifestSources(files: readonly ManifestFile[]): ManifestSources {
  const parsed = files.filter((f) => f.path.startsWith(TABLES_FOLDER)).map(parseJson);
  const problems = parsed.filter((p): p is ManifestProblem => 'message' in p);
  const sources = parsed.filter((p): p is ManifestFileSource => 'data' in p);
  const lake = sources.find((s) => s.file === LAKE_FILE);
  if (!lake && !problems.some((p) => p.file === LAKE_FILE))
    problems.push({ file: LAKE_FILE, path: '', message: 'missing: every manifest needs a lake.json with the databases and principals' });
  if (problems.length > 0 || !lake) throw new ManifestError(problems);
  return {
    lake,
    tables: sources.filter((s) => s !== lake),
    transformFiles: files.filter((f) => f.path.startsWith(TRANSFORMS_FOLDER)).map((f) => f.path),
  };
}

/**
 * The manifest a folder's files make, validated (ManifestError lists every problem by file): for manifests
 * read from anywhere but this package's own folders, e.g. a repository through the portal's URL reader.
 */
export function manifestFromFiles(files: readonly ManifestFile[]): LakeManifest {
  return buildManifest(manifestSources(files));
}
