// @ts-check

/**
 * Whether a process with this pid exists (EPERM: it does, but belongs to another user).
 * @param {number} pid
 * @returns {boolean}
 */
export function isAlive(pid) {
  // kill(0) would signal this process's whole group, and a negative pid another group.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}
