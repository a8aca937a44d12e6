import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleIngest } from './ingest-sampler.js';

const READ_BYTES = 1000;
// `datamaster ingest` as the sampler sees it: a command that starts a detached ledger server and an ECS task
// process (told apart by their command lines); the task opens the raw object, reads part of it and waits.
const TASK = `
const fs = require('node:fs');
const fd = fs.openSync(process.env.RAW, 'r');
fs.readSync(fd, Buffer.alloc(${READ_BYTES}), 0, ${READ_BYTES}, null);
console.log('read');
setInterval(() => fd, 1000);
`;
const COMMAND = `
const { spawn } = require('node:child_process');
const ledger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', '/somewhere/ledger-server.mjs'], { stdio: 'ignore', detached: true });
ledger.unref();
console.log(String(ledger.pid)); // a string: a number would be coloured under FORCE_COLOR
spawn(process.execPath, ['-e', process.env.TASK, '--', '--task-from-stdin'], { stdio: ['ignore', 'inherit', 'inherit'] });
setInterval(() => {}, 1000);
`;

let dir: string;
let command: ChildProcess | undefined;
let ledgerPid: number | undefined;
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'ingest-sampler-'))));
afterEach(async () => {
  if (ledgerPid !== undefined) process.kill(ledgerPid);
  ledgerPid = undefined;
  if (command?.exitCode === null) {
    // The group: the command and its task process, not the ledger server, which leads its own.
    process.kill(-(command.pid as number));
    await once(command, 'exit');
  }
  await rm(dir, { recursive: true, force: true });
});

describe('sampling an ingest', () => {
  it("tells the command, the ECS task and the ledger server apart and follows the task's read offset in the raw object", async () => {
    await mkdir(join(dir, 'raw'));
    const raw = join(dir, 'raw', 'review.csv.gz');
    await writeFile(raw, Buffer.alloc(10 * READ_BYTES, 1));
    // Detached: a process group of its own, so that the test can end the command and its task together.
    command = spawn(process.execPath, ['-e', COMMAND], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RAW: raw, TASK }, detached: true });
    const lines = createInterface({ input: command.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
    ledgerPid = Number((await lines.next()).value);
    expect(String((await lines.next()).value)).toBe('read');

    const sampler = sampleIngest(command.pid as number, { intervalMs: 20, isRaw: (path) => path.startsWith(join(dir, 'raw') + '/') });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { samples, peakRss } = sampler.stop();
    const last = samples.at(-1);
    expect(last?.rawReadBytes).toBe(READ_BYTES);
    expect(Object.keys(last?.rss ?? {}).sort()).toEqual(['command', 'ecs-task', 'ledger-server']);
    expect(Object.values(last?.rss ?? {}).every((bytes) => bytes > 10e6)).toBe(true);
    expect(peakRss.command).toBeGreaterThanOrEqual(Math.max(...samples.map((s) => s.rss.command ?? 0)));
  });
});
