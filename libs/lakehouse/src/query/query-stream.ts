// A query's result read through DuckDB's streaming API, one chunk (up to 2,048 rows) at a time: what is held
// in memory stays the same whatever the size of the result. Each read runs the query anew.
import type { DuckDBBlobVector, DuckDBConnection, DuckDBDataChunk, DuckDBResult } from '@duckdb/node-api';
import { chunkRows, type QueryColumn, type QueryRow } from './query-result.js';
import { querySource } from './query-source.js';
import { rowTextSql, type QueryTextFormat, type TypedColumn } from './query-text.js';

export interface QueryHead {
  readonly rows: readonly QueryRow[];
  /** Rows in the whole result. */
  readonly total: number;
}

export interface QueryStream {
  readonly columns: readonly QueryColumn[];
  /** The rows in result order, a chunk's rows at a time. */
  rows(): AsyncIterable<readonly QueryRow[]>;
  /** The first `count` rows, and how many rows the whole result has (counted by DuckDB, never held). */
  head(count: number): Promise<QueryHead>;
  /** The rows in result order as CSV lines or JSON objects in UTF-8 (see query-text.ts), a chunk's lines at a time. */
  lines(format: QueryTextFormat): AsyncIterable<readonly Uint8Array[]>;
}

async function* fetchChunks(result: DuckDBResult): AsyncIterable<DuckDBDataChunk> {
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) yield chunk;
}

/**
 * The first `count` rows of `sql` and its last row, each with its row number (`head_row`, after the columns),
 * so that the last one's is the total. row_number() and lead() over the whole result run as DuckDB's streaming
 * window, in result order: the rows between are dropped inside DuckDB as they pass, none reaches JavaScript.
 */
function headSql(sql: string, columns: number, count: number): string {
  const numbered = `SELECT *, row_number() OVER () AS head_row, lead(true, 1, false) OVER () AS head_more FROM ${querySource(sql, columns).from}`;
  return `SELECT * EXCLUDE (head_more) FROM (${numbered}) WHERE head_row <= ${count} OR NOT head_more`;
}

/** `sql` must be one SELECT; it is prepared (bound, not run) here, so that its columns are known before any row. */
export async function openQueryStream(connection: DuckDBConnection, sql: string): Promise<QueryStream> {
  const prepared = await connection.prepare(sql);
  const typed: TypedColumn[] = Array.from({ length: prepared.columnCount }, (_, i) => ({ name: prepared.columnName(i), typeId: prepared.columnTypeId(i) }));
  const names = typed.map((c) => c.name);
  return {
    columns: typed.map((c, i) => ({ name: c.name, type: prepared.columnType(i).toString() })),
    async *rows() {
      for await (const chunk of fetchChunks(await prepared.stream())) yield chunkRows(chunk, names);
    },
    async head(count) {
      const rows: QueryRow[] = [];
      let total = 0;
      for await (const chunk of fetchChunks(await connection.stream(headSql(sql, typed.length, count)))) {
        const numbers = chunk.getColumnValues(typed.length).map(Number);
        for (const [i, row] of chunkRows(chunk, names).entries()) if ((numbers[i] ?? 0) <= count) rows.push(row);
        total = numbers.at(-1) ?? total;
      }
      return { rows, total };
    },
    async *lines(format) {
      for await (const chunk of fetchChunks(await connection.stream(rowTextSql(sql, typed, format)))) {
        // The rendering SQL's one column: BLOB, never NULL (every rendered value is coalesced).
        const vector = chunk.getColumnVector(0) as DuckDBBlobVector;
        yield Array.from({ length: chunk.rowCount }, (_, i) => vector.getItemBytes(i) as Uint8Array);
      }
    },
  };
}
