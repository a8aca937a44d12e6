// The grant check every query passes before it runs, wherever it runs (DuckDB here, Athena on AWS): one SELECT,
// no table function, only lake tables the principal is granted, no column its grants exclude. Read from DuckDB's
// own parser, so what is checked is what the text says.
import type { DuckDBConnection } from '@duckdb/node-api';
import { grantsFor, getTable, LAKE_LAYERS, type LakeFormationGrant, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import { openEngineSession } from '../engine/duckdb-session.js';
import { ColumnAccessDeniedError, QueryRefusedError, TableAccessDeniedError, UnknownPrincipalError } from './query-errors.js';
import { queryReferences, type TableReference } from './query-references.js';

export interface GrantedTable {
  readonly table: LakeTable;
  readonly grant: LakeFormationGrant;
}

export interface CheckedQuery {
  /** Each lake table the query reads once, with the grant that lets the principal read it. */
  readonly tables: readonly GrantedTable[];
  /** Every table reference as written, with its place in the text. */
  readonly references: readonly TableReference[];
}

export function checkPrincipal(manifest: LakeManifest, principal: string): void {
  if (!manifest.principals.some((p) => p.name === principal)) throw new UnknownPrincipalError(principal, manifest.principals.map((p) => p.name));
}

/** The query checked against the principal's grants on `connection`'s parser; a refusal names what and why. */
export async function checkQueryGrants(connection: DuckDBConnection, manifest: LakeManifest, principal: string, sql: string): Promise<CheckedQuery> {
  checkPrincipal(manifest, principal);
  const references = await queryReferences(connection, sql);
  if (references.statements !== 1) throw new QueryRefusedError(`a query is one SELECT statement; this one holds ${references.statements}`);
  const [tableFunction] = references.tableFunctions;
  if (tableFunction !== undefined) throw new QueryRefusedError(`${tableFunction}() reads files directly, outside the grants; query the lake's tables as <layer>.<table>`);
  const grants = grantsFor(manifest, principal);
  const tables = uniqueTables(references.tables).map((ref) => resolveTable(manifest, grants, principal, ref));
  checkColumns(principal, tables, references.columns);
  return { tables, references: references.tables };
}

/** The same check with a DuckDB of its own, for a query that runs elsewhere (Athena). */
export async function checkQueryText(manifest: LakeManifest, principal: string, sql: string): Promise<CheckedQuery> {
  // Parsing needs little: a small budget and one thread, whatever the machine.
  const session = await openEngineSession({ threads: 1, memoryLimitBytes: 256 * 1024 * 1024 });
  try {
    return await checkQueryGrants(await session.connect(), manifest, principal, sql);
  } finally {
    session.close();
  }
}

function uniqueTables(tables: readonly TableReference[]): TableReference[] {
  return [...new Map(tables.map((t) => [`${t.schema}.${t.name}`, t])).values()];
}

function resolveTable(manifest: LakeManifest, grants: readonly LakeFormationGrant[], principal: string, ref: TableReference): GrantedTable {
  if (!(LAKE_LAYERS as readonly string[]).includes(ref.schema) || ref.schema === 'source') {
    throw new QueryRefusedError(`"${ref.schema ? `${ref.schema}.` : ''}${ref.name}" is not a lake table; address tables as <layer>.<table>, e.g. gold.top_beers_by_rating`);
  }
  const table = getTable(manifest, `${ref.schema}.${ref.name}`);
  const grant = grants.find((g) => g.tableRef === table.ref);
  if (grant === undefined) throw new TableAccessDeniedError(principal, table.ref, grants.map((g) => g.tableRef));
  return { table, grant };
}

/** A referenced column that only excluded tables have is refused, naming the table. */
function checkColumns(principal: string, tables: readonly GrantedTable[], columns: readonly string[]): void {
  for (const column of columns) {
    const hiding = tables.find((t) => t.grant.excludedColumns.includes(column));
    if (hiding === undefined) continue;
    const showing = tables.some((t) => t.table.columns.some((c) => c.name === column) && !t.grant.excludedColumns.includes(column));
    if (!showing) throw new ColumnAccessDeniedError(principal, hiding.table.ref, column);
  }
}
