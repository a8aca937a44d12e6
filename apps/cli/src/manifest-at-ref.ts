// `datamaster plan --base <git-ref>`: the manifest folder as a commit had it, written out to a temporary folder.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

/** Where the bundled manifest lives in this repository. */
const BUNDLED_MANIFEST_PATH = 'libs/lake-manifest';

export class ManifestAtRefError extends Error {
  override readonly name = 'ManifestAtRefError';
}

function git(cwd: string, args: readonly string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? (error as Error).message).trim();
    throw new ManifestAtRefError(`git ${args.join(' ')} failed in ${cwd}: ${stderr}`);
  }
}

/**
 * Writes the manifest folder (tables/ and transforms/) as commit `ref` had it into a new temporary folder and returns
 * it. `manifestDir` is the folder of the manifest being planned (--manifest), or undefined for the bundled one.
 */
export function manifestAtRef(ref: string, cwd: string, manifestDir: string | undefined): string {
  const top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  const path = manifestDir === undefined ? BUNDLED_MANIFEST_PATH : relative(top, resolve(cwd, manifestDir)).split('\\').join('/');
  if (path.startsWith('..')) throw new ManifestAtRefError(`the manifest folder ${manifestDir} is outside the git repository at ${top}: compare with --from <dir> instead`);
  const files = git(top, ['ls-tree', '-r', '--name-only', ref, '--', `${path}/tables`, `${path}/transforms`]).split('\n').filter(Boolean);
  if (files.length === 0) throw new ManifestAtRefError(`${ref} has no manifest under ${path}/tables: name a commit that has one, or compare with --from <dir>`);
  const out = mkdtempSync(join(tmpdir(), 'datamaster-plan-base-'));
  for (const file of files) {
    const target = join(out, file.slice(path.length + 1));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, git(top, ['show', `${ref}:${file}`]));
  }
  return out;
}
