// The local stream numbers every record it receives. The number is the change_seq of records
// without an LSN and names the objects, so it must keep rising across restarts.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface SequenceStore {
  /** The next number to hand out; 0 for a new stream. */
  load(): Promise<number>;
  save(next: number): Promise<void>;
}

/** A delivery-sequence file holds something other than { "next": <non-negative integer> }. */
export class InvalidSequenceFileError extends Error {
  override readonly name = 'InvalidSequenceFileError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(
      `The delivery sequence file ${path} is invalid: ${problem}. Restore it, or write {"next": N} with N above every ` +
        'change_seq already delivered (the largest number in the raw/ object names is a safe choice).',
    );
  }
}

/** Keeps the number in memory only: numbering restarts at `start` in every process. */
export function memorySequenceStore(start = 0): SequenceStore {
  let next = start;
  return {
    load: async () => next,
    save: async (value) => {
      next = value;
    },
  };
}

/** Keeps the number in a small JSON file (e.g. in the lake home), replaced atomically on every save. */
export function jsonFileSequenceStore(path: string): SequenceStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw error;
      }
      let next: unknown;
      try {
        next = (JSON.parse(text) as { next?: unknown } | null)?.next;
      } catch (error) {
        throw new InvalidSequenceFileError(path, `it is not JSON (${(error as Error).message})`);
      }
      if (typeof next !== 'number' || !Number.isSafeInteger(next) || next < 0) {
        throw new InvalidSequenceFileError(path, `"next" is ${JSON.stringify(next)}, not a non-negative integer`);
      }
      return next;
    },
    async save(next) {
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify({ next })}\n`);
      await rename(temp, path);
    },
  };
}
