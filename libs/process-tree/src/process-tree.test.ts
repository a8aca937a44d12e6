import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { processTree, readProcess } from './process-tree.js';

const HELD_BYTES = 150e6;
// A command as the benches see one: it holds memory, burns CPU, and starts a child that works (as the bronze task
// process does) and a detached one that lives on (as the ledger server does). It ends when its stdin closes.
const COMMAND = `
const { spawn } = require('node:child_process');
const held = Buffer.alloc(${HELD_BYTES}, 1);
const worker = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'worker-marker'], { stdio: 'ignore' });
const detached = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: true });
detached.unref();
while (process.cpuUsage().user < 300e3);
console.log(JSON.stringify({ worker: worker.pid, detached: detached.pid }));
process.stdin.on('end', () => { worker.kill(); process.exit(held.length > 0 ? 0 : 1); });
process.stdin.resume();
`;

const started: ChildProcess[] = [];
let detachedPid: number | undefined;
afterEach(async () => {
  if (detachedPid !== undefined) process.kill(detachedPid);
  detachedPid = undefined;
  for (const child of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.stdin?.end();
    child.kill();
    await once(child, 'exit');
  }
});

async function startCommand(): Promise<{ pid: number; worker: number; detached: number }> {
  const command = spawn(process.execPath, ['-e', COMMAND], { stdio: ['pipe', 'pipe', 'inherit'] });
  started.push(command);
  const [line] = (await once(createInterface({ input: command.stdout as NodeJS.ReadableStream }), 'line')) as [string];
  const pids = JSON.parse(line) as { worker: number; detached: number };
  detachedPid = pids.detached;
  return { pid: command.pid as number, ...pids };
}

describe('a process tree', () => {
  it('holds the process and its descendants, the detached one only when asked for every session', async () => {
    const { pid, worker, detached } = await startCommand();
    const every = processTree(pid).map((p) => p.pid);
    expect(every[0]).toBe(pid);
    expect([...every].sort()).toEqual([pid, worker, detached].sort());
    expect(processTree(pid, { sessionOnly: true }).map((p) => p.pid)).toEqual([pid, worker]);
    expect(processTree(2 ** 22 + 1)).toEqual([]);
  });

  it('reads each process: memory now and at its peak, CPU time, command line', async () => {
    const { pid, worker } = await startCommand();
    const command = readProcess(pid);
    expect(command?.rssBytes).toBeGreaterThan(HELD_BYTES);
    expect(command?.peakRssBytes).toBeGreaterThanOrEqual(command?.rssBytes ?? Infinity);
    expect(command?.cpuMs).toBeGreaterThanOrEqual(250);
    expect(command?.exited).toBe(false);
    expect(readProcess(worker)?.commandLine).toEqual([process.execPath, '-e', 'setInterval(() => {}, 1000)', 'worker-marker']);
  });

  it('tells an exited child not reaped yet: no memory, no command line, its CPU time kept', async () => {
    // sh starts `true` and becomes `sleep`, which never reaps it: a zombie until the tree ends.
    const parent = spawn('sh', ['-c', 'true & exec sleep 5'], { stdio: 'ignore' });
    started.push(parent);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [, zombie] = processTree(parent.pid as number);
    expect(zombie).toMatchObject({ exited: true, rssBytes: 0, peakRssBytes: 0, commandLine: [] });
    expect(zombie?.cpuMs).toBeGreaterThanOrEqual(0);
  });
});
