import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InvalidLsnError, InvalidPositionFileError } from './errors.js';
import { isLsn } from './lsn.js';

/** Where a CDC source keeps the log position of the last transaction it delivered. */
export interface PositionStore {
  /** The saved position, or undefined before the first full load completed. */
  load(): Promise<string | undefined>;
  save(lsn: string): Promise<void>;
}

/**
 * A position store in a JSON file (`{ "lsn": "0/16B3748", "savedAt": "…" }`), e.g. in the lake home.
 * Saves are atomic (write, then rename), so a crash leaves the previous position or the new one.
 */
export function filePositionStore(path: string): PositionStore {
  const file = resolve(path);
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      let saved: unknown;
      try {
        saved = JSON.parse(text);
      } catch (error) {
        throw new InvalidPositionFileError(file, `it is not JSON (${(error as Error).message})`, { cause: error });
      }
      const lsn = (saved as { lsn?: unknown } | null)?.lsn;
      if (!isLsn(lsn)) throw new InvalidPositionFileError(file, `its "lsn" is ${JSON.stringify(lsn)}, not an LSN such as "0/16B3748"`);
      return lsn;
    },
    async save(lsn) {
      if (!isLsn(lsn)) throw new InvalidLsnError(lsn);
      await mkdir(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify({ lsn, savedAt: new Date().toISOString() })}\n`);
      await rename(temp, file);
    },
  };
}
