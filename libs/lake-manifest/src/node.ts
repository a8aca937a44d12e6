// Loads a manifest folder from disk (for `datamaster manifest validate --dir` and for tooling that edits the
// manifest). Node-only, hence its own entry point.
import { readManifestFolder } from '../bundling/manifest-folder.mjs';
import { manifestSources } from './manifest-sources.js';
import type { LakeManifest } from './model.js';
import { buildManifest } from './resolve.js';

/**
 * The manifest whose root is `root`: tables/lake.json, the other tables/**\/*.json files, transforms/**\/*.sql.
 * Problems name each file relative to `root`.
 */
export function loadManifestDir(root: string): LakeManifest {
  return buildManifest(manifestSources(readManifestFolder(root)));
}
