// Which manifest this process runs: the bundled one (this package's folders) unless a command points at
// another folder (`datamaster --manifest <dir>`, DATAMASTER_MANIFEST). lakeManifest() and the transform SQL
// both read the active files, so every library of the process follows the same manifest.
import type { ManifestFile } from '../bundling/manifest-folder.mjs';
import { MANIFEST_FILES } from './manifest-files.js';
import { manifestFromFiles } from './manifest-sources.js';
import { transformFilesOf } from './transform-files.js';
import type { LakeManifest } from './model.js';
import type { ManifestVersion } from './manifest-version.js';

interface Active {
  readonly files: readonly ManifestFile[];
  manifest?: LakeManifest;
  transformSql?: ReadonlyMap<string, string>;
}

let active: Active = { files: MANIFEST_FILES };

/** Makes `files` this process's manifest, after validating them (ManifestError lists every problem). */
export function useManifestFiles(files: readonly ManifestFile[]): LakeManifest {
  const manifest = manifestFromFiles(files);
  active = { files, manifest };
  return manifest;
}

/** Makes the bundled manifest this process's manifest again (a no-op when it is already). */
export function useBundledManifest(): void {
  if (active.files !== MANIFEST_FILES) active = { files: MANIFEST_FILES };
}

/** The validated lake manifest this process runs (validated once, on first use). */
export function lakeManifest(): LakeManifest {
  active.manifest ??= manifestFromFiles(active.files);
  return active.manifest;
}

/** The active manifest's transform files by path (transforms/<layer>/<name>.sql). */
export function activeTransformFiles(): ReadonlyMap<string, string> {
  active.transformSql ??= transformFilesOf(active.files);
  return active.transformSql;
}

/** The manifest this process runs, with its transforms: the version `datamaster plan` compares. */
export function activeManifestVersion(): ManifestVersion {
  return { manifest: lakeManifest(), transforms: activeTransformFiles() };
}
