// @datamaster/lake-manifest/testing: a small lake for tests that are not about the shipped tables, so that
// adding a table to the platform breaks no unrelated test. fixture/ is a manifest folder like the package's
// own: source tables customer (a PII name) and purchase (a computed year it is partitioned by), the derived
// silver.purchase_flat and gold.revenue_by_country, and their transforms. Read from disk, so for tests only.
import { fileURLToPath } from 'node:url';
import { readManifestFolder } from '../bundling/manifest-folder.mjs';
import { manifestSources } from './manifest-sources.js';
import type { LakeManifest } from './model.js';
import { buildManifest, type ManifestSources } from './resolve.js';

/** The fixture's manifest root, holding tables/ and transforms/ (to copy, or to load with loadManifestDir). */
export const FIXTURE_MANIFEST_ROOT = fileURLToPath(new URL('../fixture', import.meta.url));

/** The fixture's files as buildManifest takes them, for tests that edit a file before building. */
export const FIXTURE_MANIFEST_SOURCES: ManifestSources = manifestSources(readManifestFolder(FIXTURE_MANIFEST_ROOT));

let cached: LakeManifest | undefined;

/** The fixture lake, built by the same buildManifest as the platform's. */
export function fixtureManifest(): LakeManifest {
  cached ??= buildManifest(FIXTURE_MANIFEST_SOURCES);
  return cached;
}
