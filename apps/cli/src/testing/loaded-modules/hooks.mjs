// Module resolution hooks (they run on the loader's own thread): append each resolved URL to the record file.
import { appendFileSync } from 'node:fs';

let recordFile;

export function initialize(data) {
  recordFile = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(recordFile, `${resolved.url}\n`);
  return resolved;
}
