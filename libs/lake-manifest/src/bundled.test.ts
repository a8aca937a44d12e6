import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lakeManifestPlugin } from '../bundling/esbuild-plugin.mjs';
import { readManifestFolder } from '../bundling/manifest-folder.mjs';
import { lakeManifest } from './active-manifest.js';
import { MANIFEST_FILES } from './manifest-files.js';
import { loadManifestDir } from './node.js';

const libRoot = fileURLToPath(new URL('..', import.meta.url));
const manifestFilesModule = fileURLToPath(new URL('./manifest-files.ts', import.meta.url));

type PluginBuild = Parameters<ReturnType<typeof lakeManifestPlugin>['setup']>[0];
type OnLoad = (args: { path: string }) => { contents: string; loader: string } | undefined;

/** What the plugin's onLoad answers for a module path, without running esbuild. */
function pluginLoad(path: string) {
  let onLoad: OnLoad | undefined;
  const build = { onLoad: (_options: unknown, callback: OnLoad) => void (onLoad = callback) } as unknown as PluginBuild;
  void lakeManifestPlugin().setup(build);
  return onLoad?.({ path });
}

describe('the bundled lake manifest', () => {
  it('bundles whatever is in tables/ and transforms/, and nothing else', () => {
    const loaded = pluginLoad(manifestFilesModule);
    const prefix = 'export const MANIFEST_FILES = ';
    expect(loaded?.contents.startsWith(prefix)).toBe(true);
    const bundled = JSON.parse(loaded!.contents.slice(prefix.length, -1)) as unknown;
    expect(bundled).toEqual(readManifestFolder(libRoot));
    expect(bundled).toEqual(MANIFEST_FILES);
    expect(MANIFEST_FILES.map((f) => f.path.split('/')[0])).toEqual(expect.arrayContaining(['tables', 'transforms']));
    expect(MANIFEST_FILES.every((f) => /^tables\/.*\.json$|^transforms\/.*\.sql$/.test(f.path))).toBe(true);
    expect(pluginLoad(fileURLToPath(new URL('../fixture/manifest-files.ts', import.meta.url)))).toBeUndefined();
  });

  it('declares one table per file of tables/ (lake.json aside)', () => {
    const tableFiles = MANIFEST_FILES.map((f) => f.path).filter((path) => path.startsWith('tables/') && path !== 'tables/lake.json');
    expect([...new Set(lakeManifest().tables.map((t) => t.file))].sort()).toEqual(tableFiles);
  });

  it('is the same manifest as the one loaded from the package folder', () => {
    const fromDisk = loadManifestDir(libRoot);
    expect(fromDisk.tables.map((t) => t.ref)).toEqual(lakeManifest().tables.map((t) => t.ref));
    expect(fromDisk.tables.map((t) => t.columns)).toEqual(lakeManifest().tables.map((t) => t.columns));
  });
});
