// A user's query as the source of SQL that wraps it. Its text goes in as a string literal to DuckDB's query()
// table function, which parses it as exactly one SELECT: it is never spliced into the wrapping SQL. Its
// columns are renamed c0, c1, … by position, so that duplicate or odd names need no quoting.
import { sqlString } from '../engine/sql.js';

export interface QuerySource {
  /** `query('…') AS q(c0, …)`, for a FROM clause. */
  readonly from: string;
  /** c0, c1, …: the query's columns in order. */
  readonly refs: readonly string[];
}

export function querySource(sql: string, columns: number): QuerySource {
  const refs = Array.from({ length: columns }, (_, i) => `c${i}`);
  return { from: `query(${sqlString(sql)}) AS q(${refs.join(', ')})`, refs };
}
