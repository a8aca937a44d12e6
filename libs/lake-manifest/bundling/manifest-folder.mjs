// A lake manifest is a folder: tables/**/*.json and transforms/**/*.sql below one root. This is the one
// listing of it, shared by the esbuild plugin (build time, bundles), src/manifest-files.ts (run from source:
// tests, tooling) and `datamaster manifest validate --dir`. Plain JavaScript, because the plugin runs in Node
// without a TypeScript loader.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The folders of a manifest root, each with the one kind of file it holds. */
const MANIFEST_FOLDERS = Object.freeze({ tables: '.json', transforms: '.sql' });

/**
 * One file of a manifest folder.
 * @typedef {object} ManifestFile
 * @property {string} path Relative to the manifest root, with "/" separators: "tables/gold/top_drinkers.json".
 * @property {string} text The file's UTF-8 text.
 */

/** A folder that is no manifest root: it has no tables/. */
export class MissingManifestFolderError extends Error {
  /** @override */
  name = 'MissingManifestFolderError';

  /** @param {string} root */
  constructor(root) {
    super(
      `No lake manifest in ${root}: a manifest root holds tables/ (and transforms/ for derived tables). ` +
        'Bundles get the manifest inlined at build time by @datamaster/lake-manifest/esbuild-plugin.',
    );
    /** The folder that was read. */
    this.root = root;
  }
}

/**
 * Every manifest file below `root`, sorted by path. A missing transforms/ is a manifest without derived tables;
 * a missing tables/ means `root` is no manifest at all.
 * @param {string} root
 * @returns {ManifestFile[]}
 */
export function readManifestFolder(root) {
  if (!existsSync(join(root, 'tables'))) throw new MissingManifestFolderError(root);
  return Object.entries(MANIFEST_FOLDERS)
    .filter(([folder]) => existsSync(join(root, folder)))
    .flatMap(([folder, extension]) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith(extension))
        .map((name) => ({ path: `${folder}/${name.split(sep).join('/')}`, text: readFileSync(join(root, folder, name), 'utf8') })),
    )
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
