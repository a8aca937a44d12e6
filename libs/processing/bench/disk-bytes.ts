// The disk space a folder takes: what the embedded engine has spilled into the lake home's spill folder.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Allocated bytes (512-byte blocks) of every file below `dir`; 0 when it does not exist. Files deleted meanwhile count 0. */
export function diskBytes(dir: string): number {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let bytes = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) bytes += diskBytes(path);
    else {
      try {
        bytes += statSync(path).blocks * 512;
      } catch {
        // DuckDB deletes a temporary file once its blocks are read back.
      }
    }
  }
  return bytes;
}
