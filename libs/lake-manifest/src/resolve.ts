// Builds the resolved lake from the validated files: projects each source table into bronze and
// silver, resolves inherited columns of derived tables, and checks what zod cannot (ids, keys, transform files,
// references between files). Every problem is collected, so one run reports all of them.
import { ManifestError, type ManifestProblem } from './errors.js';
import type { LakeColumn, LakeManifest, LakeTable, TableRef } from './model.js';
import { lakeFileSchema, tableFileSchema, type DerivedTableFile, type SourceTableFile } from './schema.js';
import { BRONZE_SYSTEM_COLUMNS, SILVER_LIFECYCLE_COLUMNS } from './system-columns.js';
import { checkTransforms } from './transform-files.js';
import { validateFile, type ManifestFileSource } from './validate-file.js';

export interface ManifestSources {
  readonly lake: ManifestFileSource;
  readonly tables: readonly ManifestFileSource[];
  /** The files under transforms/, by path relative to the manifest root: "transforms/gold/top_drinkers.sql". */
  readonly transformFiles: readonly string[];
}

type Located<T> = { readonly file: string; readonly value: T };

export function buildManifest(sources: ManifestSources): LakeManifest {
  const problems: ManifestProblem[] = [];
  const lake = validateFile(lakeFileSchema, sources.lake);
  problems.push(...lake.problems);

  const sourceFiles: Located<SourceTableFile>[] = [];
  const derivedFiles: Located<DerivedTableFile>[] = [];
  for (const source of sources.tables) {
    const parsed = validateFile(tableFileSchema, source);
    problems.push(...parsed.problems);
    if (parsed.value?.kind === 'source-table') sourceFiles.push({ file: source.file, value: parsed.value });
    if (parsed.value?.kind === 'derived-table') derivedFiles.push({ file: source.file, value: parsed.value });
  }

  // Cross-file checks on top of broken files would only report their echoes (a table that failed
  // to parse looks "undeclared" to its dependents), so stop at the files' own problems.
  if (problems.length > 0) throw new ManifestError(problems);

  // Canonical order (by name) so the resolved lake does not depend on how files were listed.
  const byName = (a: Located<{ name: string }>, b: Located<{ name: string }>) => a.value.name.localeCompare(b.value.name);
  sourceFiles.sort(byName);
  derivedFiles.sort(byName);

  const tables = new Map<TableRef, LakeTable>();
  const add = (table: LakeTable) => {
    const existing = tables.get(table.ref);
    if (existing) problems.push({ file: table.file, path: 'name', message: `table "${table.ref}" is already declared in ${existing.file}` });
    else tables.set(table.ref, table);
  };

  problems.push(...checkTransforms(derivedFiles.map(({ file, value }) => ({ ref: `${value.layer}.${value.name}`, file })), sources.transformFiles));
  for (const located of sourceFiles) problems.push(...checkDeclaredColumns(located.file, located.value.columns, 'columns'));
  const projections = sourceFiles.map((located) => projectSourceTable(located));
  for (const layer of ['source', 'bronze', 'silver'] as const) for (const projection of projections) add(projection[layer]);

  let pending = derivedFiles;
  while (pending.length > 0) {
    const ready = pending.filter((d) => d.value.upstream.every((ref) => tables.has(ref as TableRef)));
    if (ready.length === 0) break;
    for (const located of ready) add(resolveDerivedTable(located, tables, problems));
    pending = pending.filter((d) => !ready.includes(d));
  }
  const pendingRefs = new Set(pending.map((d) => `${d.value.layer}.${d.value.name}`));
  for (const located of pending) {
    located.value.upstream.forEach((ref, i) => {
      if (tables.has(ref as TableRef)) return;
      const reason = pendingRefs.has(ref) ? 'is part of a dependency cycle' : 'is not declared by any manifest file';
      problems.push({ file: located.file, path: `upstream[${i}]`, message: `upstream table "${ref}" ${reason}` });
    });
  }

  for (const table of tables.values()) problems.push(...checkTable(table));
  if (problems.length > 0 || !lake.value) throw new ManifestError(problems);

  return { name: lake.value.name, owner: lake.value.owner, databases: lake.value.databases, principals: lake.value.principals, tables: [...tables.values()] };
}

function declaredColumn(column: SourceTableFile['columns'][number]): LakeColumn {
  return { ...column, origin: 'declared' };
}

function projectSourceTable({ file, value }: Located<SourceTableFile>): Record<'source' | 'bronze' | 'silver', LakeTable> {
  const common = { domain: value.domain, owner: value.owner, primaryKey: value.primaryKey, source: value.source, file, name: value.name };
  const columns = value.columns.map(declaredColumn);
  const computed: LakeColumn[] = value.silver.computedColumns.map((c) => ({ ...c, classification: 'public', origin: 'computed' }));
  return {
    source: { ...common, ref: `source.${value.name}`, layer: 'source', description: value.description, columns, partitionBy: [], upstream: [] },
    bronze: {
      ...common,
      ref: `bronze.${value.name}`,
      layer: 'bronze',
      description: value.bronze.description ?? `${value.description} Bronze: every change as delivered, typed and PII-masked.`,
      // A delete change carries only the key (PostgreSQL's default replica identity), so in bronze
      // every non-key column may be null; the bronze worker still enforces the source's
      // nullability on load/insert/update rows.
      columns: [...columns.map((c) => (value.primaryKey.includes(c.name) ? c : { ...c, nullable: true })), ...BRONZE_SYSTEM_COLUMNS],
      partitionBy: [],
      upstream: [`source.${value.name}`],
      freshness: value.bronze.freshness,
    },
    silver: {
      ...common,
      ref: `silver.${value.name}`,
      layer: 'silver',
      description: value.silver.description ?? `${value.description} Silver: the latest state per key, with soft deletes.`,
      // A delete of a key silver has not seen yet is kept as a tombstone (so an older insert arriving
      // later cannot revive the key); like the delete change it comes from, it carries only the key.
      columns: [...[...columns, ...computed].map((c) => (value.primaryKey.includes(c.name) ? c : { ...c, nullable: true })), ...SILVER_LIFECYCLE_COLUMNS],
      partitionBy: value.silver.partitionBy,
      migrations: value.migrations,
      upstream: [`bronze.${value.name}`],
      freshness: value.silver.freshness,
    },
  };
}

function resolveDerivedTable({ file, value }: Located<DerivedTableFile>, tables: ReadonlyMap<TableRef, LakeTable>, problems: ManifestProblem[]): LakeTable {
  const columns: LakeColumn[] = [];
  value.columns.forEach((column, i) => {
    if ('from' in column) {
      const resolved = resolveInherited(column, value.upstream, tables);
      if (typeof resolved === 'string') problems.push({ file, path: `columns[${i}].from`, message: resolved });
      else columns.push(resolved);
    } else if ('expression' in column) {
      columns.push({ ...column, classification: 'public', origin: 'computed' });
    } else {
      problems.push(...checkDeclaredColumns(file, [column], `columns[${i}]`));
      columns.push({ ...column, origin: 'declared' });
    }
  });
  const lifecycle = value.layer === 'silver' ? SILVER_LIFECYCLE_COLUMNS : [];
  return {
    ref: `${value.layer}.${value.name}`,
    layer: value.layer,
    name: value.name,
    domain: value.domain,
    owner: value.owner,
    description: value.description,
    columns: [...columns, ...lifecycle],
    primaryKey: value.primaryKey,
    partitionBy: value.partitionBy,
    upstream: value.upstream as TableRef[],
    freshness: value.freshness,
    file,
    migrations: value.migrations,
  };
}

function resolveInherited(
  column: { id: number; name?: string; from: string; description?: string; nullable?: boolean },
  upstream: readonly string[],
  tables: ReadonlyMap<TableRef, LakeTable>,
): LakeColumn | string {
  const tableRef = column.from.slice(0, column.from.lastIndexOf('.'));
  const columnName = column.from.slice(column.from.lastIndexOf('.') + 1);
  if (!upstream.includes(tableRef)) return `"${column.from}" is not a column of this table's upstream tables (${upstream.join(', ')}); add "${tableRef}" to upstream`;
  const origin = tables.get(tableRef as TableRef)?.columns.find((c) => c.name === columnName);
  if (!origin) {
    const known = tables.get(tableRef as TableRef)?.columns.map((c) => c.name) ?? [];
    return `"${tableRef}" has no column "${columnName}" (it has: ${known.join(', ')})`;
  }
  const { expression: _expression, source: _source, ...rest } = origin;
  return {
    ...rest,
    id: column.id,
    name: column.name ?? origin.name,
    description: column.description ?? origin.description,
    nullable: column.nullable ?? origin.nullable,
    origin: 'inherited',
    inheritedFrom: column.from,
  };
}

/** PII columns must say how they are masked, and only PII columns may. */
function checkDeclaredColumns(file: string, columns: readonly { classification: string; masking?: string }[], path: string): ManifestProblem[] {
  const single = columns.length === 1 && !path.endsWith('columns');
  return columns.flatMap((column, i) => {
    const at = single ? path : `${path}[${i}]`;
    if (column.classification === 'pii' && !column.masking)
      return [{ file, path: `${at}.masking`, message: 'a PII column needs a masking policy: "hmac-sha256" (joinable tokens) or "redact"' }];
    if (column.classification !== 'pii' && column.masking)
      return [{ file, path: `${at}.masking`, message: `masking applies to PII columns only; set classification to "pii" or remove masking` }];
    return [];
  });
}

function checkTable(table: LakeTable): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ file: table.file, path, message: `${table.ref}: ${message}` });
  const byName = new Map<string, LakeColumn>();
  const byId = new Map<number, LakeColumn>();
  for (const column of table.columns) {
    const sameName = byName.get(column.name);
    if (sameName) problem('columns', `column "${column.name}" is declared twice`);
    const sameId = byId.get(column.id);
    if (sameId) problem('columns', `columns "${sameId.name}" and "${column.name}" share field id ${column.id}; ids must be unique within a table`);
    byName.set(column.name, column);
    byId.set(column.id, column);
  }
  table.primaryKey.forEach((name, i) => {
    const column = byName.get(name);
    if (!column) problem(`primaryKey[${i}]`, `primary key column "${name}" is not a column of the table`);
    else if (column.nullable) problem(`primaryKey[${i}]`, `primary key column "${name}" must not be nullable`);
  });
  table.partitionBy.forEach((field, i) => {
    if (!byName.has(field.column)) problem(`partitionBy[${i}].column`, `partition column "${field.column}" is not a column of the table`);
  });
  return problems;
}
