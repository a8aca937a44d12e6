// Query results as CSV or JSON, of any size: DuckDB renders the rows, a chunk's lines go out in one write,
// and the next chunk is read only once stdout has taken the last.
import type { QueryStream } from '@datamaster/lakehouse';
import type { CommandContext } from './context.js';

const csvField = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** A header line, then one line per row. */
export async function writeQueryCsv(ctx: CommandContext, result: QueryStream): Promise<void> {
  await ctx.output.write(`${result.columns.map((c) => csvField(c.name)).join(',')}\n`);
  for await (const lines of result.lines('csv')) await ctx.output.write(`${lines.join('\n')}\n`);
}

/** One JSON array, written element by element: one row object per line. */
export async function writeQueryJson(ctx: CommandContext, result: QueryStream): Promise<void> {
  let separator = '[\n';
  for await (const lines of result.lines('json')) {
    await ctx.output.write(separator + lines.join(',\n'));
    separator = ',\n';
  }
  await ctx.output.write(separator === '[\n' ? '[]\n' : '\n]\n');
}
