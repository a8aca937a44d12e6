import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * The non-blank lines of an object the delivery stream wrote (gzip NDJSON; plain when the key has no .gz), one at
 * a time. A body that cannot be read as such fails with the caller's error for it.
 */
export async function* objectLines(body: Readable, key: string, unreadable: (cause: unknown) => Error): AsyncIterable<string> {
  let text: Readable = body;
  if (key.endsWith('.gz')) {
    const gunzip = createGunzip();
    body.once('error', (error) => gunzip.destroy(error));
    text = body.pipe(gunzip);
  }
  try {
    for await (const line of createInterface({ input: text, crlfDelay: Infinity })) if (line.trim() !== '') yield line;
  } catch (error) {
    throw unreadable(error);
  }
}
