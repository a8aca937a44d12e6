// Samples a running command every ~100 ms: the resident memory of its process tree, the CPU time it has used so
// far, and the size of the spill folder, each stamped with the wall clock (the clock of the execution journal's
// history events, so that a sample can be attributed to the processing stage that was running).
import { diskBytes } from './disk-bytes.js';
import { processTree } from './process-tree.js';

export interface Sample {
  /** Date.now() when taken. */
  readonly atMs: number;
  /** VmRSS summed over the command's process tree. */
  readonly rssBytes: number;
  /** CPU time of the tree since it started, children that have exited included: never decreases. */
  readonly cpuMs: number;
  /** Disk space of the spill folder; 0 when none is watched. */
  readonly spillBytes: number;
}

export interface Sampling {
  /** Takes a last sample and returns them all, oldest first. */
  stop(): Sample[];
}

export const SAMPLE_PERIOD_MS = 100;

export function startSampling(rootPid: number, options: { readonly spillDir?: string; readonly periodMs?: number } = {}): Sampling {
  const samples: Sample[] = [];
  // The latest CPU time seen of every process of the tree: a child that has exited keeps what it used.
  const cpuByPid = new Map<number, number>();
  const sample = () => {
    const tree = processTree(rootPid);
    for (const process of tree) cpuByPid.set(process.pid, Math.max(process.cpuMs, cpuByPid.get(process.pid) ?? 0));
    const rssBytes = tree.reduce((sum, p) => sum + p.rssBytes, 0);
    const cpuMs = [...cpuByPid.values()].reduce((sum, ms) => sum + ms, 0);
    samples.push({ atMs: Date.now(), rssBytes, cpuMs, spillBytes: options.spillDir === undefined ? 0 : diskBytes(options.spillDir) });
  };
  sample();
  const timer = setInterval(sample, options.periodMs ?? SAMPLE_PERIOD_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return samples;
    },
  };
}
