// Loads a manifest folder from disk (for `datamaster manifest validate --dir` and for tooling that edits the
// manifest). Node-only, hence its own entry point.
import { readManifestFolder } from '../bundling/manifest-folder.mjs';
import { useBundledManifest, useManifestFiles } from './active-manifest.js';
import { manifestFromFiles } from './manifest-sources.js';
import type { LakeManifest } from './model.js';
import type { ManifestVersion } from './manifest-version.js';
import { transformFilesOf } from './transform-files.js';

/**
 * The manifest whose root is `root`: tables/lake.json, the other tables/**\/*.json files, transforms/**\/*.sql.
 * Problems name each file relative to `root`.
 */
export function loadManifestDir(root: string): LakeManifest {
  return loadManifestVersion(root).manifest;
}

/** The manifest whose root is `root`, with its transform files: a version for `datamaster plan` to compare. */
export function loadManifestVersion(root: string): ManifestVersion {
  const files = readManifestFolder(root);
  return {
    manifest: manifestFromFiles(files),
    transforms: transformFilesOf(files),
  };
}

/**
 * Makes the manifest whose root is `root` this process's manifest (what lakeManifest() and the transform SQL
 * give from now on), after validating it: `datamaster --manifest <dir>` runs every command on it.
 */
export function useManifestDir(root: string): LakeManifest {
  return useManifestFiles(readManifestFolder(root));
}

export { useBundledManifest };
