// The process that holds a lease, and whether it is gone. Everything runs on one machine locally, so a
// lease whose process has exited (a killed `process all`, a crashed `up`) is taken over at once instead of
// blocking its work until the lease expires. On AWS leases only expire: a Lambda's process says nothing.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LeaseHolder, LedgerRecord } from '@datamaster/lake-contract';

/** The start time of a process as Linux counts it (clock ticks since boot), or "" where /proc is absent. */
function processStart(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) may hold spaces, so count from its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function thisProcess(): LeaseHolder {
  return { host: hostname(), pid: process.pid, started: processStart(process.pid) };
}

/** True only when the holder ran on this machine and its process is no longer the one that took the lease. */
export function holderGone(holder: LeaseHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (!isRunning(holder.pid)) return true;
  return holder.started !== '' && processStart(holder.pid) !== holder.started;
}

/** The owner of a running record whose holder process is gone, whose lease may be taken over now; else undefined. */
export function abandonedLeaseOwner(record: LedgerRecord, gone: ((holder: LeaseHolder) => boolean) | undefined): string | undefined {
  if (record.status !== 'running' || record.leaseHolder === undefined || gone === undefined) return undefined;
  return gone(record.leaseHolder) ? record.leaseOwner : undefined;
}
