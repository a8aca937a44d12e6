// The transform SQL shared by both engines (DuckDB embedded, Spark on EMR): one file per derived table plus the
// silver MERGE template, under transforms/ (see transform-files.ts). Engines register the inputs each file
// names as views and run it; only the MERGE template needs filling, from the table's manifest entry.
import { MissingTransformError, TransformTemplateError } from './errors.js';
import { activeTransformFiles } from './active-manifest.js';
import type { LakeTable, TableRef } from './model.js';
import { SILVER_MERGE_TEMPLATE_FILE, transformFile } from './transform-files.js';

function transformSql(ref: TableRef, file: string): string {
  const sql = activeTransformFiles().get(file);
  if (sql === undefined) throw new MissingTransformError(ref, file);
  return sql;
}

/** The SELECT that builds a derived table: transforms/<layer>/<name>.sql. */
export function derivedTableSql(ref: TableRef): string {
  const file = transformFile(ref);
  if (file === SILVER_MERGE_TEMPLATE_FILE) throw new MissingTransformError(ref, file);
  return transformSql(ref, file);
}

const PLACEHOLDER = /\{\{([a-z_]+)((?::[a-z]+)*)\}\}/g;

/** The silver MERGE for one source table's silver projection: the template with its placeholders filled. */
export function silverMergeSql(table: LakeTable): string {
  const declared = table.columns.filter((c) => c.origin === 'declared').map((c) => c.name);
  const computed = table.columns.filter((c) => c.origin === 'computed');
  return transformSql(table.ref, SILVER_MERGE_TEMPLATE_FILE).replace(PLACEHOLDER, (placeholder, name: string, args: string) => {
    const [a, b] = args.split(':').slice(1);
    switch (name) {
      case 'key':
        return table.primaryKey.join(', ');
      case 'key_equals':
        if (a === undefined || b === undefined) break;
        return table.primaryKey.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
      case 'columns':
        if (a === undefined) break;
        return declared.map((c) => `${a}.${c}`).join(', ');
      case 'computed':
        return computed.map((c) => `, ${c.expression} AS ${c.name}`).join('');
    }
    throw new TransformTemplateError(table.ref, placeholder);
  });
}
