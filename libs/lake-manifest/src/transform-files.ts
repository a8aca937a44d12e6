// Where a manifest folder keeps its transform SQL: derived table <layer>.<name> is built by the SELECT in
// transforms/<layer>/<name>.sql, and transforms/silver/merge.sql is the MERGE template every source table's
// silver projection is filled from (it builds no table of its own).
import type { ManifestProblem } from './errors.js';

export const TRANSFORMS_FOLDER = 'transforms/';
export const SILVER_MERGE_TEMPLATE_FILE = 'transforms/silver/merge.sql';

/** A manifest folder's transform files (transforms/<layer>/<name>.sql, the MERGE template) by path → SQL. */
export function transformFilesOf(files: readonly { readonly path: string; readonly text: string }[]): Map<string, string> {
  return new Map(files.filter((f) => f.path.startsWith(TRANSFORMS_FOLDER)).map((f) => [f.path, f.text]));
}

/** "gold.top_drinkers" → "transforms/gold/top_drinkers.sql". */
export function transformFile(ref: string): string {
  return `${TRANSFORMS_FOLDER}${ref.replace('.', '/')}.sql`;
}

/** The table a transform file builds: "transforms/gold/top_drinkers.sql" → "gold.top_drinkers". */
function transformTableRef(file: string): string {
  return file.slice(TRANSFORMS_FOLDER.length, -'.sql'.length).replace('/', '.');
}

/** A file under transforms/ that builds a table: every one but the MERGE template. */
function isTableTransform(file: string): boolean {
  return file.startsWith(TRANSFORMS_FOLDER) && file !== SILVER_MERGE_TEMPLATE_FILE;
}

/**
 * Every derived table has its transform file and every transform file builds a declared derived table: a
 * missing one would only fail when the table is first processed, a stray one would silently never run.
 */
export function checkTransforms(derived: readonly { ref: string; file: string }[], transformFiles: readonly string[]): ManifestProblem[] {
  const declared = new Map(derived.map((table) => [table.ref, table.file]));
  const tableTransforms = transformFiles.filter(isTableTransform);
  const built = new Set(tableTransforms.map(transformTableRef));
  const problems: ManifestProblem[] = [];
  for (const [ref, file] of declared) {
    const expected = transformFile(ref);
    if (expected === SILVER_MERGE_TEMPLATE_FILE) problems.push({ file, path: 'name', message: `${ref}: the name is taken by the silver MERGE template ${expected}; choose another` });
    else if (!built.has(ref)) problems.push({ file, path: '', message: `${ref} is a derived table without its transform: add ${expected}, the SELECT that builds it from its upstream tables` });
  }
  for (const file of tableTransforms) {
    const ref = transformTableRef(file);
    if (!declared.has(ref)) problems.push({ file, path: '', message: `builds "${ref}", which no manifest file declares as a derived table: declare it under tables/ or remove the file` });
  }
  return problems;
}
