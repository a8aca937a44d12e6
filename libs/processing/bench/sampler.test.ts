import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diskBytes } from './disk-bytes.js';
import { startSampling } from './sampler.js';

const HELD_BYTES = 150e6;
const DETACHED_HELD_BYTES = 500e6;
// A command as the bench sees one: it holds memory, burns CPU, and starts a child that works and exits (as the bronze
// task process does) and a detached one that lives on holding more (as the ledger server does). It ends when its
// stdin closes.
const COMMAND = `
const { spawn } = require('node:child_process');
const held = Buffer.alloc(${HELD_BYTES}, 1);
const worker = spawn(process.execPath, ['-e', 'const end = Date.now() + 300; while (Date.now() < end); setTimeout(() => {}, 400)'], { stdio: 'ignore' });
const detached = spawn(process.execPath, ['-e', 'const held = Buffer.alloc(${DETACHED_HELD_BYTES}, 1); setInterval(() => held.length, 1000)'], { stdio: 'ignore', detached: true });
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

async function startCommand(): Promise<number> {
  command = spawn(process.execPath, ['-e', COMMAND], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: command.stdout as NodeJS.ReadableStream }), 'line')) as [string];
  const pids = JSON.parse(line) as { worker: number; detached: number };
  detachedPid = pids.detached;
  return command.pid as number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sampling a command', () => {
  it('sees the memory of its own session, CPU that never goes back when a child exits, and what the spill folder takes', async () => {
    const pid = await startCommand();
    const spillDir = join(dir, 'spill');
    const sampling = startSampling(pid, { spillDir, periodMs: 20 });
    await pause(100);
    await writeFile(join(dir, 'outside'), Buffer.alloc(4e6, 1));
    await mkdir(join(spillDir, 'nested'), { recursive: true });
    await writeFile(join(spillDir, 'nested', 'block.tmp'), Buffer.alloc(2e6, 1));
    await pause(900); // the worker has exited by now
    const samples = sampling.stop();
    expect(samples.length).toBeGreaterThan(10);
    const peakRss = Math.max(...samples.map((s) => s.rssBytes));
    expect(peakRss).toBeGreaterThan(HELD_BYTES);
    expect(peakRss).toBeLessThan(HELD_BYTES + DETACHED_HELD_BYTES / 2);
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
