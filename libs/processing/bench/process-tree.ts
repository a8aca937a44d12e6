// What Linux's /proc says of a measured command: its process and the processes it started and waits for (the
// bronze task process of `datamaster ingest`), each with its resident memory and CPU time so far. A child in
// another session is left out with its descendants: the lake home's ledger server is started detached (setsid),
// outlives the command and serves every command of the home.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessFigures {
  readonly pid: number;
  readonly session: number;
  /** User + system time, every thread included. */
  readonly cpuMs: number;
  /** VmRSS: resident now (0 for a process that has exited but is not reaped yet). */
  readonly rssBytes: number;
}

/** /proc reports CPU time in clock ticks of USER_HZ, 100 per second on Linux. */
const MS_PER_TICK = 10;

/** Undefined when the process is gone (it may exit between listing and reading). */
function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function readProcess(pid: number): ProcessFigures | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  const status = readOrUndefined(`/proc/${pid}/status`);
  if (stat === undefined || status === undefined) return undefined;
  // The command name, in parentheses, may hold spaces; the fields after it start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const rssKib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return {
    pid,
    session: Number(fields[3]),
    cpuMs: (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK,
    rssBytes: rssKib === undefined ? 0 : Number(rssKib) * 1024,
  };
}

/** Children started by any thread of the process. */
function childPids(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return threads.flatMap((tid) => (readOrUndefined(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ').filter(Boolean).map(Number));
}

/** The process and its descendants in its session; empty once the process is gone. */
export function processTree(rootPid: number): ProcessFigures[] {
  const root = readProcess(rootPid);
  if (root === undefined) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) {
    for (const child of childPids((tree[i] as ProcessFigures).pid)) {
      const figures = readProcess(child);
      if (figures !== undefined && figures.session === root.session) tree.push(figures);
    }
  }
  return tree;
}
