// Samples a running `datamaster ingest` from outside, through /proc (Linux): the resident set of the command, of the
// ECS-task child that converts, and of the ledger server, told apart by their command lines, and how far the task
// has read the raw object (the offset of its open file).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { processTree, sampleEvery, type ProcessFigures } from '@datamaster/process-tree';

export type ProcessRole = 'command' | 'ecs-task' | 'ledger-server';

export interface TreeSample {
  /** Milliseconds since sampling started. */
  readonly atMs: number;
  /** Resident set in bytes of each role's process alive at the time. */
  readonly rss: Readonly<Partial<Record<ProcessRole, number>>>;
  /** The ECS task's offset in the raw object it reads, once it has it open. */
  readonly rawReadBytes?: number;
}

export interface SampledRun {
  readonly samples: readonly TreeSample[];
  /** Each role's high-water mark (VmHWM) as last seen: its peak RSS to within one interval before it exited. */
  readonly peakRss: Readonly<Partial<Record<ProcessRole, number>>>;
}

/** The file of /proc/<pid>, undefined when the process exited between listing and reading. */
const procFile = (pid: number, name: string): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return undefined;
  }
};

function roleOf(process: ProcessFigures, root: number): ProcessRole | undefined {
  if (process.pid === root) return 'command';
  if (process.commandLine.includes('--task-from-stdin')) return 'ecs-task';
  if (process.commandLine.some((arg) => arg.endsWith('ledger-server.mjs'))) return 'ledger-server';
  return undefined;
}

/** The read offset of the first open file of `pid` whose path `isRaw` accepts. */
function readOffset(pid: number, isRaw: (path: string) => boolean): number | undefined {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return undefined;
  }
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    if (!isRaw(target)) continue;
    const pos = /^pos:\s+(\d+)/m.exec(procFile(pid, `fdinfo/${fd}`) ?? '')?.[1];
    if (pos !== undefined) return Number(pos);
  }
  return undefined;
}

/** Samples `datamaster ingest` (`rootPid`) and its children every `intervalMs` until stop(); `isRaw` names the raw object's path. */
export function sampleIngest(rootPid: number, options: { readonly intervalMs: number; readonly isRaw: (path: string) => boolean }): { stop(): SampledRun } {
  const started = performance.now();
  const peakRss: Partial<Record<ProcessRole, number>> = {};
  const sampling = sampleEvery(options.intervalMs, (): TreeSample => {
    const rss: Partial<Record<ProcessRole, number>> = {};
    let rawReadBytes: number | undefined;
    // Every descendant, the detached ledger server included, and none that has exited: it has no memory left.
    for (const process of processTree(rootPid)) {
      const role = roleOf(process, rootPid);
      if (role === undefined || process.exited) continue;
      rss[role] = process.rssBytes;
      peakRss[role] = Math.max(peakRss[role] ?? 0, process.peakRssBytes);
      if (role === 'ecs-task') rawReadBytes = readOffset(process.pid, options.isRaw);
    }
    return { atMs: performance.now() - started, rss, ...(rawReadBytes === undefined ? {} : { rawReadBytes }) };
  });
  return { stop: () => ({ samples: sampling.stop(), peakRss }) };
}
