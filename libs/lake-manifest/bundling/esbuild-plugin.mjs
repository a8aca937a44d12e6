// esbuild plugin: puts the lake manifest into the bundle. Run from source, src/manifest-files.ts reads
// tables/ and transforms/ when imported; in a bundle that module is replaced by the files themselves, listed at
// build time by the same readManifestFolder, so a bundle carries the whole manifest and never reads libs/.
// Every bundle that reaches @datamaster/lake-manifest needs it: the esbuild.config.mjs of the apps built by
// @nx/esbuild, and tools/esbuild.mjs (esbuild's command line with this plugin) for the rest.
import { fileURLToPath } from 'node:url';
import { readManifestFolder } from './manifest-folder.mjs';

const MANIFEST_ROOT = fileURLToPath(new URL('..', import.meta.url));
const MANIFEST_FILES_MODULE = fileURLToPath(new URL('../src/manifest-files.ts', import.meta.url));

/** @returns {import('esbuild').Plugin} */
export function lakeManifestPlugin() {
  return {
    name: 'lake-manifest',
    setup(build) {
      build.onLoad({ filter: /[\\/]manifest-files\.ts$/ }, ({ path }) => {
        if (path !== MANIFEST_FILES_MODULE) return undefined;
        const files = readManifestFolder(MANIFEST_ROOT);
        return { contents: `export const MANIFEST_FILES = ${JSON.stringify(files)};`, loader: 'js' };
      });
    },
  };
}
