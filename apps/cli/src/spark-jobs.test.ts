// The job server's client against stand-in servers (real processes on the same line protocol): how it matches
// answers, ignores foreign output, and fails every job once the server is gone. spark/tests run the real one.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobRequest } from '@datamaster/processing';
import { sparkJobServer, sparkLogFile, type SparkJobTarget } from './spark-jobs.js';

let dir: string;
let target: SparkJobTarget;
const request = (table: string): JobRequest => ({ layer: 'silver', table, executionId: 'exec-1', workKey: `work/silver/${table}/w1.json` });

/** spark/.venv/bin/python of a stand-in spark folder: a shell script run with the server's arguments. */
function standIn(script: string): string {
  const sparkDir = join(dir, 'spark');
  mkdirSync(join(sparkDir, '.venv', 'bin'), { recursive: true });
  const python = join(sparkDir, '.venv', 'bin', 'python');
  writeFileSync(python, `#!/bin/sh\n${script}\n`);
  chmodSync(python, 0o755);
  return sparkDir;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'datamaster-spark-jobs-'));
  target = { home: { root: join(dir, 'home') } };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sparkJobServer', () => {
  it("answers each job with its own line, whatever the JVM prints on stdout, and ends when the run's jobs are done", async () => {
    // Answers in reverse order, after a line that is not ours.
    const sparkDir = standIn(`read first; read second; echo 'Setting default log level to "WARN".'
echo '{"datamasterJob":"2","result":{"ref":"silver.beer","status":"nothing-to-do"}}'
echo '{"datamasterJob":"1","error":"silver.review: boom"}'
echo "served $0 $*" >&2`);
    const server = sparkJobServer(target, sparkDir, {});
    const review = server.runJob(request('review'));
    const beer = server.runJob(request('beer'));
    await expect(beer).resolves.toMatchObject({ ref: 'silver.beer', status: 'nothing-to-do' });
    await expect(review).rejects.toThrow('Spark job silver.review failed: silver.review: boom');
    await server.close();
    expect(readFileSync(sparkLogFile(target), 'utf8')).toContain(`-m datamaster_spark.serve --catalog sqlite --lake-home ${target.home.root}`);
  });

  it('fails the running job and every later one with the end of the log when the server dies', async () => {
    const sparkDir = standIn('echo "# A fatal error has been detected by the Java Runtime Environment" >&2; exit 134');
    const server = sparkJobServer(target, sparkDir, {});
    const reason = 'the Spark job server exited with code 134: # A fatal error has been detected by the Java Runtime Environment';
    await expect(server.runJob(request('review'))).rejects.toThrow(`Spark job silver.review failed: ${reason}`);
    await expect(server.runJob(request('beer'))).rejects.toThrow(`Spark job silver.beer failed: ${reason}`);
    await server.close();
  });

  it('names the missing set-up and how to make it', () => {
    expect(() => sparkJobServer(target, join(dir, 'nowhere'), {})).toThrow(`The Spark engine is not set up (${join(dir, 'nowhere', '.venv', 'bin', 'python')} is missing): run \`npx nx run spark:setup\``);
  });
});
