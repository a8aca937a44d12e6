// Waiting for one of the lake home's lock files (lock-file.mjs): held while the ledger server starts or stops, and
// while a command writes silver and gold.
import { setTimeout as sleep } from 'node:timers/promises';
import { lockHolder, tryLock } from './lock-file.mjs';

const POLL_MS = 25;

/** A lock stayed held longer than the caller would wait; names the lock file and its holder. */
export class HomeLockTimeoutError extends Error {
  override readonly name = 'HomeLockTimeoutError';
  constructor(
    readonly lockFile: string,
    readonly holder: number | undefined,
    readonly waitedMs: number,
  ) {
    super(`process ${holder ?? '(gone meanwhile)'} has held ${lockFile} for over ${waitedMs / 1000} s`);
  }
}

export interface HomeLockOptions {
  /** Give up after this long; without it, wait for as long as the holder lives. */
  readonly timeoutMs?: number;
  /** Told once, with the holder's pid, when the lock is not free at once. */
  readonly onWait?: (holder: number) => void;
}

/** Takes the lock once it is free (or its holder has died) and returns its release. */
export async function acquireHomeLock(lockFile: string, options: HomeLockOptions = {}): Promise<() => void> {
  const started = Date.now();
  let told = false;
  for (;;) {
    const release = tryLock(lockFile);
    if (release) return release;
    const holder = lockHolder(lockFile);
    if (!told && holder !== undefined) {
      told = true;
      options.onWait?.(holder);
    }
    if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) throw new HomeLockTimeoutError(lockFile, holder, options.timeoutMs);
    await sleep(POLL_MS);
  }
}
