// @ts-check
// The commands using a lake home's ledger server: one file each in the users folder, named `<pid>-<n>` so one
// process can hold several. A file whose process is gone (killed before it could remove it) counts as gone.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from './process-alive.mjs';

let registrations = 0;

/**
 * Registers this process as a user; returns the removal of its registration.
 * @param {string} usersDir
 * @returns {() => void}
 */
export function registerUser(usersDir) {
  registrations += 1;
  const file = join(usersDir, `${process.pid}-${registrations}`);
  writeFileSync(file, process.argv.slice(1).join(' '));
  return () => rmSync(file, { force: true });
}

/**
 * Counts the registrations of live processes, removing those of dead ones. A missing folder has none.
 * @param {string} usersDir
 * @returns {number}
 */
export function liveUsers(usersDir) {
  let entries;
  try {
    entries = readdirSync(usersDir);
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return 0;
    throw error;
  }
  let live = 0;
  for (const entry of entries) {
    if (isAlive(Number.parseInt(entry, 10))) live += 1;
    else rmSync(join(usersDir, entry), { force: true });
  }
  return live;
}
