import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireHomeLock, HomeLockTimeoutError } from './home-lock.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'home-lock-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a lock of the lake home', () => {
  it('makes the next taker wait, telling it the holder, until the holder releases it', async () => {
    const lockFile = join(dir, 'x.lock');
    const release = await acquireHomeLock(lockFile);
    const holders: number[] = [];
    let taken = false;
    const next = acquireHomeLock(lockFile, { onWait: (holder) => holders.push(holder) }).then((releaseNext) => {
      taken = true;
      return releaseNext;
    });
    await sleep(200);
    expect(taken).toBe(false);
    expect(holders).toEqual([process.pid]);
    release();
    (await next)();
  });

  it('gives up after the timeout, naming the lock file and its holder', async () => {
    const lockFile = join(dir, 'x.lock');
    const release = await acquireHomeLock(lockFile);
    await expect(acquireHomeLock(lockFile, { timeoutMs: 100 })).rejects.toThrow(new HomeLockTimeoutError(lockFile, process.pid, 100));
    await expect(acquireHomeLock(lockFile, { timeoutMs: 100 })).rejects.toThrow(`process ${process.pid} has held ${lockFile} for over 0.1 s`);
    release();
  });
});
