// The bronze ECS task as a process of its own, with the built CLI: an extract large enough for ECS gets its task
// process started before it is registered, that process does the conversion, and a task process that never gets
// its task (the command failed first, or nothing was written to it) exits without touching the lake.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAMBDA_MAX_RECORDS, type LedgerRecord } from '@datamaster/lake-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BUNDLE, runBuilt, type CliRun } from './testing/run-cli.js';

let cwd: string;
const cli = (args: readonly string[]) => runBuilt(['--home', 'home', ...args], { cwd });

/** The hidden task command, given `input` on stdin (closed right after). */
function taskProcess(input: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, '--home', 'home', 'worker', 'bronze', '--task-from-stdin'], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** The running task processes whose lake home lies in `dir` (their command line names it). */
function taskProcessesOf(dir: string): string[] {
  const listing = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  if (listing.status !== 0) throw new Error(`ps -eo args failed: ${listing.stderr}`);
  return listing.stdout.split('\n').filter((command) => command.includes('worker bronze') && command.includes(dir));
}

/** Runs `command`, looking for this lake's task processes meanwhile; with the most seen at once. */
async function watchingTaskProcesses(command: Promise<CliRun>): Promise<{ run: CliRun; seen: number }> {
  let seen = 0;
  let done = false;
  const settled = command.finally(() => (done = true));
  while (!done) {
    seen = Math.max(seen, taskProcessesOf(cwd).length);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { run: await settled, seen };
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-ecs-task-'));
  // 0.08 of the full dataset: 120k reviews, above the Lambda's limit.
  expect((await cli(['seed', '--out', 'seed', '--scale', '0.08'])).code).toBe(0);
}, 60_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('the ECS task process', () => {
  it('converts an extract above the Lambda limit in the task process the command starts', async () => {
    const { run, seen } = await watchingTaskProcesses(cli(['ingest', join('seed', 'review.csv.gz'), '--table', 'review', '--json']));
    expect(seen).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout) as LedgerRecord;
    expect(record.estimatedRecords).toBeGreaterThan(LAMBDA_MAX_RECORDS);
    expect(record).toMatchObject({ status: 'succeeded', computeTarget: 'ecs', rowsIn: 120_000, rowsOut: 120_000 });
  }, 60_000);

  it('exits with no work, and the lake unchanged, when its stdin closes with no task', async () => {
    const bronzeBefore = readdirSync(join(cwd, 'home', 'lake', 'bronze'), { recursive: true }).sort();
    const unused = await taskProcess('');
    expect(unused).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(join(cwd, 'home', 'lake', 'bronze'), { recursive: true }).sort()).toEqual(bronzeBefore);
  }, 30_000);

  it('names what it read when the task on stdin is not one', async () => {
    const garbled = await taskProcess('{"recordId": 7');
    expect(garbled.code).toBe(1);
    expect(garbled.stderr).toContain('the task on stdin is not JSON');
    expect(garbled.stderr).toContain('{"recordId": 7');
    const incomplete = await taskProcess('{"recordId": "r-1"}\n');
    expect(incomplete.code).toBe(1);
    expect(incomplete.stderr).toContain('needs string recordId and executionId, got {"recordId": "r-1"}');
  }, 30_000);

  it('leaves no task process behind when the command fails before the task is given', async () => {
    // The extract is large enough for its task process to start; the unknown table then fails the landing.
    const { run, seen } = await watchingTaskProcesses(cli(['ingest', join('seed', 'review.csv.gz'), '--table', 'no_such_table']));
    // One was started, before the landing failed.
    expect(seen).toBe(1);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no_such_table');
    expect(taskProcessesOf(cwd)).toEqual([]);
  }, 30_000);
});
