// @ts-check
// An exclusive lock between processes: a file holding its holder's pid. It is created whole with link(2), which
// fails when the name exists, so no reader ever sees a lock without its pid; a lock whose holder died is broken.
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAlive } from './process-alive.mjs';

/**
 * The pid in a lock file, or undefined when there is no such file.
 * @param {string} path
 * @returns {number | undefined}
 */
export function lockHolder(path) {
  try {
    return Number(readFileSync(path, 'utf8'));
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Takes the lock if it is free or its holder is dead, and returns its release; undefined while a live process holds it.
 * @param {string} path
 * @returns {(() => void) | undefined}
 */
export function tryLock(path) {
  const mine = `${path}.${process.pid}.new`;
  writeFileSync(mine, String(process.pid));
  try {
    for (;;) {
      try {
        linkSync(mine, path);
        return () => {
          if (lockHolder(path) === process.pid) rmSync(path, { force: true });
        };
      } catch (error) {
        if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
      }
      const holder = lockHolder(path);
      if (holder !== undefined && isAlive(holder)) return undefined;
      if (holder !== undefined) breakStaleLock(path, holder);
    }
  } finally {
    rmSync(mine, { force: true });
  }
}

/**
 * Removes the lock of a dead holder. It is moved aside first and checked there: if another process broke it and
 * took the lock in between, what was moved is that live lock, and it is put back.
 * @param {string} path
 * @param {number} deadHolder
 */
function breakStaleLock(path, deadHolder) {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (lockHolder(aside) !== deadHolder) linkSync(aside, path);
  } catch (error) {
    // EEXIST: a third process took the free lock meanwhile; the one moved aside is lost, as a released lock is.
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}
