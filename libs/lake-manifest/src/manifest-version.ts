import type { LakeManifest } from './model.js';

/** One version of the lake manifest, as `datamaster plan` compares two: its tables, and its transform files by path. */
export interface ManifestVersion {
  readonly manifest: LakeManifest;
  /** transforms/<layer>/<name>.sql (and the silver MERGE template) → its SQL. */
  readonly transforms: ReadonlyMap<string, string>;
}
