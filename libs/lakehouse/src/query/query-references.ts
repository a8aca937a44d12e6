// What a query reads, from DuckDB's own parser (json_serialize_sql): the tables it names, the columns
// it references and any table function. Grants are checked on this before anything runs.
import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryRefusedError } from './query-errors.js';
import { sqlString } from '../engine/sql.js';

export interface QueryReferences {
  /** How many statements the text holds (a query runs one). */
  readonly statements: number;
  /** "<layer>.<table>" as written (CTE names excluded), with where each reference starts in the text. */
  readonly tables: readonly TableReference[];
  /** Column names as referenced (the last part of a qualified name). */
  readonly columns: readonly string[];
  readonly tableFunctions: readonly string[];
}

export interface TableReference {
  readonly schema: string;
  readonly name: string;
  /** Offset of the reference in the query text (where DuckDB's parser found it). */
  readonly at: number | undefined;
}

interface AstNode {
  readonly [key: string]: unknown;
}

export async function queryReferences(connection: DuckDBConnection, sql: string): Promise<QueryReferences> {
  const [row] = (await connection.runAndReadAll(`SELECT json_serialize_sql(${sqlString(sql)}) AS ast`)).getRowObjectsJson() as { ast: string }[];
  const ast = JSON.parse(row?.ast ?? '{}') as AstNode & { error?: boolean; error_message?: string; statements?: unknown[] };
  if (ast.error === true) throw new QueryRefusedError(`the query could not be parsed as a SELECT: ${ast.error_message ?? 'unknown error'} (only SELECT queries run here)`);
  const tables: TableReference[] = [];
  const columns = new Set<string>();
  const tableFunctions = new Set<string>();
  const cteNames = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const n = node as AstNode;
    if (n['type'] === 'BASE_TABLE') tables.push({ schema: String(n['schema_name'] ?? ''), name: String(n['table_name'] ?? ''), at: typeof n['query_location'] === 'number' ? n['query_location'] : undefined });
    if (n['type'] === 'TABLE_FUNCTION') tableFunctions.add(String((n['function'] as AstNode | undefined)?.['function_name'] ?? 'unknown'));
    if (n['class'] === 'COLUMN_REF') {
      const names = n['column_names'] as string[] | undefined;
      const last = names?.at(-1);
      if (last !== undefined) columns.add(last);
    }
    const cteMap = (n['cte_map'] as { map?: { key: string }[] } | undefined)?.map;
    cteMap?.forEach((entry) => cteNames.add(entry.key));
    Object.values(n).forEach(walk);
  };
  walk(ast);
  return {
    statements: ast.statements?.length ?? 0,
    tables: tables.filter((t) => !(t.schema === '' && cteNames.has(t.name))),
    columns: [...columns],
    tableFunctions: [...tableFunctions],
  };
}
