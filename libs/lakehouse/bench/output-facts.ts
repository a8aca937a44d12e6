// What the query bench checks of an output file without holding it: its lines and bytes, and for a JSON array
// (a first line "["), that it closes and that its first and last elements parse.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface OutputFacts {
  readonly lines: number;
  readonly bytes: number;
  readonly valid: boolean;
}

const parses = (line: string | undefined) => {
  try {
    JSON.parse((line ?? '').trim().replace(/,$/, ''));
    return true;
  } catch {
    return false;
  }
};

export async function outputFacts(path: string): Promise<OutputFacts> {
  const input = createReadStream(path);
  const head: string[] = [];
  const tail: string[] = [];
  let lines = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lines += 1;
    if (head.length < 2) head.push(line);
    tail.push(line);
    if (tail.length > 2) tail.shift();
  }
  const json = head[0] === '[';
  const valid = !json || (lines === 2 ? tail.join('') === '[]' : tail[1] === ']' && parses(head[1]) && parses(tail[0]));
  return { lines, bytes: input.bytesRead, valid };
}
