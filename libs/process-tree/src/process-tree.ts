// What Linux's /proc says of a running command and the processes it started: each one's session, CPU time so far,
// resident memory (now and at its peak) and command line. The benches sample a command from outside with it, so
// that what they measure includes the children a command starts (a bronze task process, a ledger server).
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessFigures {
  readonly pid: number;
  /** The session id: a child started detached (setsid) has a session of its own. */
  readonly session: number;
  /** Exited but not reaped yet (a zombie): it has no memory and no command line left, only its CPU time. */
  readonly exited: boolean;
  /** User + system time, every thread included. */
  readonly cpuMs: number;
  /** VmRSS: resident now (0 once exited). */
  readonly rssBytes: number;
  /** VmHWM: the largest resident set so far (0 once exited). */
  readonly peakRssBytes: number;
  /** The program and its arguments (empty once exited). */
  readonly commandLine: readonly string[];
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

function statusBytes(status: string, field: 'VmRSS' | 'VmHWM'): number {
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  return kib === undefined ? 0 : Number(kib) * 1024;
}

/** The figures of one process; undefined when there is no such process (any more). */
export function readProcess(pid: number): ProcessFigures | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  const status = readOrUndefined(`/proc/${pid}/status`);
  if (stat === undefined || status === undefined) return undefined;
  // The command name, in parentheses, may hold spaces; the fields after it start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    session: Number(fields[3]),
    exited: fields[0] === 'Z' || fields[0] === 'X',
    cpuMs: (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK,
    rssBytes: statusBytes(status, 'VmRSS'),
    peakRssBytes: statusBytes(status, 'VmHWM'),
    commandLine: (readOrUndefined(`/proc/${pid}/cmdline`) ?? '').split('\0').filter(Boolean),
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

export interface ProcessTreeOptions {
  /**
   * Leave out a child started in a session of its own, with its descendants: a detached server the command starts
   * (the lake home's ledger server) outlives it and serves other commands too. Default: every descendant.
   */
  readonly sessionOnly?: boolean;
}

/** The process and its descendants, the root first; empty once the process is gone. */
export function processTree(rootPid: number, options: ProcessTreeOptions = {}): ProcessFigures[] {
  const root = readProcess(rootPid);
  if (root === undefined) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) {
    for (const child of childPids((tree[i] as ProcessFigures).pid)) {
      const figures = readProcess(child);
      if (figures !== undefined && (!options.sessionOnly || figures.session === root.session)) tree.push(figures);
    }
  }
  return tree;
}
