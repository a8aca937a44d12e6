// JSON lines in one file a day under a folder of the lake home (`YYYY-MM-DD.ndjson`): how the platform keeps its
// metrics and its lineage events on one machine. Each line is written with one append, so processes writing at once
// (`up`, an ingest, an ECS task process) never interleave within a line.
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJsonLines } from '@datamaster/lake-contract';

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.ndjson$/;

/** Appends a document as one line to the file of its day (UTC). */
export function dayFileWriter(dir: string): (at: Date, document: unknown) => Promise<void> {
  let made: Promise<unknown> | undefined;
  return async (at, document) => {
    made ??= mkdir(dir, { recursive: true });
    await made;
    await appendFile(join(dir, `${at.toISOString().slice(0, 10)}.ndjson`), `${JSON.stringify(document)}\n`);
  };
}

/** The documents of the day files from `firstDay` (YYYY-MM-DD) on, oldest file first; none when the folder is missing. */
export async function readDayFiles<T>(dir: string, firstDay = ''): Promise<T[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const documents: T[] = [];
  const days = names.filter((name) => {
    const day = DAY_FILE.exec(name)?.[1];
    return day !== undefined && day >= firstDay;
  });
  for (const name of days.sort()) documents.push(...parseJsonLines<T>(await readFile(join(dir, name), 'utf8')));
  return documents;
}
