// Query results as CSV or JSON, of any size: DuckDB renders the rows as UTF-8, a chunk's lines go out in one
// write, and the next chunk is read only once stdout has taken the last.
import type { QueryStream } from '@datamaster/lakehouse';
import type { CommandContext } from './context.js';

const csvField = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

const NEWLINE = Buffer.from('\n');
const OPEN_ARRAY = Buffer.from('[\n');
const NEXT_ELEMENT = Buffer.from(',\n');
const NOTHING = Buffer.alloc(0);

/** One buffer of the lines, each with `before` ahead of it (`first` ahead of the first) and `after` behind it. */
function framed(lines: readonly Uint8Array[], first: Uint8Array, before: Uint8Array, after: Uint8Array): Buffer {
  const size = lines.reduce((n, line) => n + line.length, 0) + first.length - before.length + lines.length * (before.length + after.length);
  const buffer = Buffer.allocUnsafe(size);
  let at = 0;
  lines.forEach((line, i) => {
    for (const part of [i === 0 ? first : before, line, after]) {
      buffer.set(part, at);
      at += part.length;
    }
  });
  return buffer;
}

/** A header line, then one line per row. */
export async function writeQueryCsv(ctx: CommandContext, result: QueryStream): Promise<void> {
  await ctx.output.write(`${result.columns.map((c) => csvField(c.name)).join(',')}\n`);
  for await (const lines of result.lines('csv')) await ctx.output.write(framed(lines, NOTHING, NOTHING, NEWLINE));
}

/** One JSON array, written element by element: one row object per line. */
export async function writeQueryJson(ctx: CommandContext, result: QueryStream): Promise<void> {
  let opened = false;
  for await (const lines of result.lines('json')) {
    await ctx.output.write(framed(lines, opened ? NEXT_ELEMENT : OPEN_ARRAY, NEXT_ELEMENT, NOTHING));
    opened = true;
  }
  await ctx.output.write(opened ? '\n]\n' : '[]\n');
}
