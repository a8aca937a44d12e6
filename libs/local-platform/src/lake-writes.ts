// Silver and gold processing and table maintenance of one lake home take turns. Run at the same time, each would
// find the other's work claimed in the ledger and end before that work is done, reporting "nothing to do".
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { acquireHomeLock } from './home-lock.js';

/** Waits until no other process writes the home's silver and gold tables; returns the release of this turn. */
export function acquireLakeWrites(homeRoot: string, onWait?: (holder: number) => void): Promise<() => void> {
  const runDir = join(homeRoot, 'run');
  mkdirSync(runDir, { recursive: true });
  return acquireHomeLock(join(runDir, 'lake-writes.lock'), { onWait });
}
