// Query results on a terminal: the first rows that fit as a table, and how many more there are (DuckDB counts
// them as they stream by; none is held).
import type { QueryResult, QueryStream, QueryValue } from '@datamaster/lakehouse';
import type { CommandContext } from './context.js';
import { formatTable } from './io.js';

/** Rows shown when stdout is not a terminal (a file, a pipe): enough for a look, small enough to read. */
export const TABLE_ROWS = 50;
/** Lines a terminal keeps for the header, its rule, the closing line and the next prompt. */
const TABLE_CHROME = 5;
const MIN_TERMINAL_ROWS = 5;

const cell = (value: QueryValue | undefined) => (value === null || value === undefined ? 'NULL' : String(value));
const count = (n: number) => n.toLocaleString('en-US');

/** Prints the result's rows as a table; `total` (when more than its rows) says how many were left out. */
export function printQueryTable(ctx: CommandContext, result: QueryResult, total = result.rows.length): void {
  const names = result.columns.map((c) => c.name);
  ctx.output.line(formatTable(names, result.rows.map((row) => names.map((n) => cell(row[n])))));
  const more = total - result.rows.length;
  ctx.output.line(
    ctx.output.colors.dim(
      more > 0
        ? `… ${count(more)} more row${more === 1 ? '' : 's'} (${count(total)} in all): --format csv or --format json prints every row; a LIMIT narrows the query`
        : `(${count(total)} row${total === 1 ? '' : 's'})`,
    ),
  );
}

/** The first rows that fit the terminal (TABLE_ROWS when stdout is no terminal), then the count of the rest. */
export async function printQueryWindow(ctx: CommandContext, result: QueryStream): Promise<void> {
  const terminalRows = ctx.output.terminalRows;
  const head = await result.head(terminalRows === undefined ? TABLE_ROWS : Math.max(MIN_TERMINAL_ROWS, terminalRows - TABLE_CHROME));
  printQueryTable(ctx, { columns: result.columns, rows: head.rows }, head.total);
}
