// Work files in the lake: written by the claim task, read by the job and by the settle and fail tasks.
import { WORK_FILE_VERSION, workFileKey, type ProcessingWork } from '@datamaster/lake-contract';
import type { ObjectStore } from '@datamaster/storage';
import { InvalidWorkFileError } from './errors.js';

export async function writeWorkFile(store: ObjectStore, work: ProcessingWork): Promise<string> {
  const key = workFileKey(work.layer, work.table, work.workId);
  await store.put(key, `${JSON.stringify(work, null, 2)}\n`, { contentType: 'application/json' });
  return key;
}

export async function readWorkFile(store: ObjectStore, key: string): Promise<ProcessingWork> {
  const text = (await store.getBytes(key)).toString('utf8');
  let work: ProcessingWork;
  try {
    work = JSON.parse(text) as ProcessingWork;
  } catch (error) {
    throw new InvalidWorkFileError(key, `not JSON (${(error as Error).message})`);
  }
  if (work.version !== WORK_FILE_VERSION) throw new InvalidWorkFileError(key, `version ${String(work.version)}, expected ${WORK_FILE_VERSION}`);
  return work;
}
