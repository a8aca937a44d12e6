// Samples a running command every ~100 ms: the resident memory of its process tree, the CPU time it has used so
// far, and the size of the spill folder, each stamped with the wall clock (the clock of the execution journal's
// history events, so that a sample can be attributed to the processing stage that was running).
import { processTree, sampleEvery, type Sampling } from '@datamaster/process-tree';
import { diskBytes } from './disk-bytes.js';

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

export const SAMPLE_PERIOD_MS = 100;

/**
 * The command and the processes it waits for (the bronze task process of `datamaster ingest`); the lake home's
 * ledger server, started detached, outlives the command and serves every command of the home, so it is left out.
 */
export function startSampling(rootPid: number, options: { readonly spillDir?: string; readonly periodMs?: number } = {}): Sampling<Sample> {
  // The latest CPU time seen of every process of the tree: a child that has exited keeps what it used.
  const cpuByPid = new Map<number, number>();
  return sampleEvery(options.periodMs ?? SAMPLE_PERIOD_MS, () => {
    const tree = processTree(rootPid, { sessionOnly: true });
    for (const process of tree) cpuByPid.set(process.pid, Math.max(process.cpuMs, cpuByPid.get(process.pid) ?? 0));
    const rssBytes = tree.reduce((sum, p) => sum + p.rssBytes, 0);
    const cpuMs = [...cpuByPid.values()].reduce((sum, ms) => sum + ms, 0);
    return { atMs: Date.now(), rssBytes, cpuMs, spillBytes: options.spillDir === undefined ? 0 : diskBytes(options.spillDir) };
  });
}
