import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskBytes } from './disk-bytes.js';
import { processTree } from './process-tree.js';
import { startSampling } from './sampler.js';

const HELD_BYTES = 150e6;
// A command as the bench sees one: it holds memory, burns CPU, and starts a child that works and exits (as the bronze
// task process does) and a detached one that lives on (as the ledger server does). It ends when its stdin closes.
const COMMAND = `
const { spawn } = require('node:child_process');
const held = Buffer.alloc(${HELD_BYTES}, 1);
const worker = spawn(process.execPath, ['-e', 'const end = Date.now() + 300; while (Date.now() < end); setTimeout(() => {}, 400)'], { stdio: 'ignore' });
const detached = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', detached: true });
detached.unref();
console.log(JSON.stringify({ worker: worker.pid, detached: detached.pid }));
const spin = setInterval(() => { const end = Date.now() + 10; while (Date.now() < end); }, 20);
process.stdin.on('end', () => { clearInterval(spin); worker.kill(); process.exit(held.length > 0 ? 0 : 1); });
process.stdin.resume();
`;

let dir: string;
let command: ChildProcess | undefined;
let detachedPid: number | undefined;
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'sampler-'))));
afterEach(async () => {
  if (detachedPid !== undefined) process.kill(detachedPid);
  detachedPid = undefined;
  if (command?.exitCode === null) {
    command.stdin?.end();
    await once(command, 'exit');
  }
  await rm(dir, { recursive: true, force: true });
});

async function startCommand(): Promise<{ pid: number; worker: number; detached: number }> {
  command = spawn(process.execPath, ['-e', COMMAND], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: command.stdout as NodeJS.ReadableStream }), 'line')) as [string];
  const pids = JSON.parse(line) as { worker: number; detached: number };
  detachedPid = pids.detached;
  return { pid: command.pid as number, ...pids };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sampling a command', () => {
  it('follows its process and the children it waits for, not a detached one', async () => {
    const { pid, worker, detached } = await startCommand();
    const pids = processTree(pid).map((p) => p.pid);
    expect(pids).toEqual(expect.arrayContaining([pid, worker]));
    expect(pids).not.toContain(detached);
    expect(processTree(2 ** 22 + 1)).toEqual([]);
  });

  it('sees its memory, CPU that never goes back when a child exits, and what the spill folder takes', async () => {
    const { pid } = await startCommand();
    const spillDir = join(dir, 'spill');
    const sampling = startSampling(pid, { spillDir, periodMs: 20 });
    await pause(100);
    await writeFile(join(dir, 'outside'), Buffer.alloc(4e6, 1));
    await mkdir(join(spillDir, 'nested'), { recursive: true });
    await writeFile(join(spillDir, 'nested', 'block.tmp'), Buffer.alloc(2e6, 1));
    await pause(900); // the worker has exited by now
    const samples = sampling.stop();
    expect(samples.length).toBeGreaterThan(10);
    expect(Math.max(...samples.map((s) => s.rssBytes))).toBeGreaterThan(HELD_BYTES);
    expect(samples.every((s, i) => i === 0 || s.cpuMs >= (samples[i - 1]?.cpuMs ?? 0))).toBe(true);
    expect(samples.at(-1)?.cpuMs).toBeGreaterThanOrEqual(250);
    const spill = samples.map((s) => s.spillBytes);
    expect(spill[0]).toBe(0);
    expect(Math.max(...spill)).toBeGreaterThanOrEqual(2e6);
    expect(Math.max(...spill)).toBeLessThan(4e6);
  });

  it('counts a missing folder as empty', () => {
    expect(diskBytes(join(dir, 'none'))).toBe(0);
  });
});
