// Samples a running `datamaster ingest` from outside, through /proc (Linux): the resident set of the command, of the
// ECS-task child that converts, and of the ledger server, and how far the task has read the raw object. The
// processes are found by walking the command's children, whatever they are started as.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

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

const procFile = (pid: number, name: string): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return undefined; // the process exited between listing and reading
  }
};

/** Every descendant of `pid`, from the children of each of its threads. */
function descendants(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children = tasks.flatMap((task) => (procFile(pid, `task/${task}/children`) ?? '').split(' ').filter(Boolean).map(Number));
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function roleOf(pid: number, root: number): ProcessRole | undefined {
  if (pid === root) return 'command';
  const args = (procFile(pid, 'cmdline') ?? '').split('\0');
  if (args.includes('--task-from-stdin')) return 'ecs-task';
  if (args.some((arg) => arg.endsWith('ledger-server.mjs'))) return 'ledger-server';
  return undefined;
}

/** VmRSS and VmHWM of /proc/<pid>/status, in bytes. */
function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  const status = procFile(pid, 'status');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status ?? '')?.[1] ?? Number.NaN) * 1024;
  const memory = { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  return Number.isFinite(memory.rss) && Number.isFinite(memory.hwm) ? memory : undefined;
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

/** Samples the process tree under `rootPid` every `intervalMs` until stop(); `isRaw` names the raw object's path. */
export function sampleProcessTree(rootPid: number, options: { readonly intervalMs: number; readonly isRaw: (path: string) => boolean }): { stop(): SampledRun } {
  const started = performance.now();
  const samples: TreeSample[] = [];
  const peakRss: Partial<Record<ProcessRole, number>> = {};
  const sample = () => {
    const rss: Partial<Record<ProcessRole, number>> = {};
    let rawReadBytes: number | undefined;
    for (const pid of [rootPid, ...descendants(rootPid)]) {
      const role = roleOf(pid, rootPid);
      const memory = role === undefined ? undefined : memoryOf(pid);
      if (role === undefined || memory === undefined) continue;
      rss[role] = memory.rss;
      peakRss[role] = Math.max(peakRss[role] ?? 0, memory.hwm);
      if (role === 'ecs-task') rawReadBytes = readOffset(pid, options.isRaw);
    }
    samples.push({ atMs: performance.now() - started, rss, ...(rawReadBytes === undefined ? {} : { rawReadBytes }) });
  };
  sample();
  const timer = setInterval(sample, options.intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { samples, peakRss };
    },
  };
}
