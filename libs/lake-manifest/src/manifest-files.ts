// The files of this platform's lake manifest: every tables/**/*.json and transforms/**/*.sql of this package.
// Run from source (tests, tooling) they are read from the package's folders here; bundles replace this module
// with the files' contents, read at build time by the esbuild plugin (bundling/esbuild-plugin.mjs), so
// adding a table is adding its files: nothing lists them.
import { fileURLToPath } from 'node:url';
import { readManifestFolder, type ManifestFile } from '../bundling/manifest-folder.mjs';

export const MANIFEST_FILES: readonly ManifestFile[] = readManifestFolder(fileURLToPath(new URL('..', import.meta.url)));
