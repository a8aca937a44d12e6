// The lake's own manifest: the files of tables/ and transforms/ (src/manifest-files.ts), bundled into every
// consumer (CLI, workers) so nothing reads it from disk at run time. Adding a table is adding its files.
import { MANIFEST_FILES } from './manifest-files.js';
import { manifestSources } from './manifest-sources.js';
import type { LakeManifest } from './model.js';
import { buildManifest, type ManifestSources } from './resolve.js';

export const BUNDLED_MANIFEST_SOURCES: ManifestSources = manifestSources(MANIFEST_FILES);

let cached: LakeManifest | undefined;

/** The validated lake manifest of this platform (validated once, on first use). */
export function lakeManifest(): LakeManifest {
  cached ??= buildManifest(BUNDLED_MANIFEST_SOURCES);
  return cached;
}
