// `datamaster process --engine spark`: the jobs of the processing state machine run on local Spark (the
// spark/ project's jobs, the same ones EMR Serverless runs), against this lake home's catalog and lake. The
// Spark engine is the processing driver's other adapter: it gets the work file, returns the commit.
// One job server (`python -m datamaster_spark.serve`) per run holds one JVM for all jobs: starting a Spark
// application per job cost ~20 s each and a JVM each when four ran side by side.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { JobCommit } from '@datamaster/lake-contract';
import { contractDocument, serializeContractDocument } from '@datamaster/lake-contract/export';
import type { JobRequest, ProcessingEngine } from '@datamaster/processing';

/**
 * The repository's spark/ folder: in the first folder up from this module that has one. This module lies at
 * different depths in the sources (apps/cli/src) and in the bundle (apps/cli/dist/chunks).
 */
export function defaultSparkDir(from = fileURLToPath(new URL('.', import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'spark');
    if (existsSync(join(candidate, 'pyproject.toml'))) return candidate;
    if (dirname(dir) === dir) return join(from, 'spark');
  }
}

/** The key that marks the server's answers on stdout (a JVM may print other lines there). */
const RESPONSE_KEY = 'datamasterJob';
const STDERR_TAIL_CHARS = 4000;

export class SparkEngineUnavailableError extends Error {
  override readonly name = 'SparkEngineUnavailableError';
  constructor(readonly python: string) {
    super(`The Spark engine is not set up (${python} is missing): run \`npx nx run spark:setup\` (or \`bash spark/setup.sh\`), or set DATAMASTER_SPARK_DIR to a set-up spark/ folder.`);
  }
}

export class SparkJobFailedError extends Error {
  override readonly name = 'SparkJobFailedError';
  constructor(
    readonly request: JobRequest,
    reason: string,
  ) {
    super(`Spark job ${request.layer}.${request.table} failed: ${reason}`);
  }
}

export interface SparkJobServer extends ProcessingEngine {
  /** Runs one job; rejects with SparkJobFailedError when the job (or the server) fails. */
  runJob(request: JobRequest): Promise<JobCommit>;
  /** Lets the running jobs finish, then stops Spark and the server. */
  close(): Promise<void>;
}

interface PendingJob {
  request: JobRequest;
  resolve: (result: JobCommit) => void;
  reject: (error: Error) => void;
}

type JobAnswer = { [RESPONSE_KEY]: string; result: JobCommit } | { [RESPONSE_KEY]: string; error: string };

/** What the job server needs of the local platform: the lake home. */
export interface SparkJobTarget {
  readonly home: { readonly root: string };
}

/** Where the job server's log (ours and Spark's) is appended: the home's run folder, beside ledger.json. */
export function sparkLogFile(platform: SparkJobTarget): string {
  return join(platform.home.root, 'run', 'spark-jobs.log');
}

/**
 * The contract of the manifest this process runs, where the job server reads it: the home's run folder, named
 * by its content, so overlapping commands with different manifests never overwrite each other's.
 */
function writeContract(platform: SparkJobTarget): string {
  const text = serializeContractDocument(contractDocument());
  const file = join(platform.home.root, 'run', `contract-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`);
  if (existsSync(file)) return file;
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
  return file;
}

/**
 * A job server for this lake home, started on the first job (a run with nothing due starts no Python);
 * `onStart` is told when it starts. Its stderr goes to sparkLogFile, its last lines into job errors.
 */
export function sparkJobServer(platform: SparkJobTarget, sparkDir: string, env: NodeJS.ProcessEnv, onStart: () => void = () => undefined): SparkJobServer {
  const python = join(sparkDir, '.venv', 'bin', 'python');
  if (!existsSync(python)) throw new SparkEngineUnavailableError(python);
  const pending = new Map<string, PendingJob>();
  let child: ChildProcessWithoutNullStreams | undefined;
  let exited: Promise<void> | undefined;
  let stderrTail = '';
  let nextId = 0;
  // Set once the server is gone: later jobs of the run fail at once with the same reason.
  let endedWith: string | undefined;

  const failAll = (reason: string): void => {
    endedWith = reason;
    for (const job of pending.values()) job.reject(new SparkJobFailedError(job.request, reason));
    pending.clear();
  };

  const start = (): ChildProcessWithoutNullStreams => {
    const server = spawn(python, ['-m', 'datamaster_spark.serve', '--catalog', 'sqlite', '--lake-home', platform.home.root], {
      cwd: sparkDir,
      // PATH and JAVA_HOME come from this process even when a test hands the CLI a bare environment.
      // The jobs read the contract of the manifest this command runs (the bundled one, or --manifest's).
      env: { ...process.env, ...env, DATAMASTER_CONTRACT: writeContract(platform) },
    });
    const logFile = sparkLogFile(platform);
    mkdirSync(dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile, { flags: 'a' });
    server.stderr.on('data', (chunk: Buffer) => {
      log.write(chunk);
      stderrTail = (stderrTail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
    });
    server.stderr.once('end', () => log.end());
    // A write to a server that just died fails with EPIPE; its exit reports why.
    server.stdin.on('error', () => undefined);
    onStart();
    createInterface({ input: server.stdout }).on('line', (line) => {
      const answer = parseAnswer(line);
      const job = answer && pending.get(answer[RESPONSE_KEY]);
      if (!answer || !job) return;
      pending.delete(answer[RESPONSE_KEY]);
      if ('result' in answer) job.resolve(answer.result);
      else job.reject(new SparkJobFailedError(job.request, answer.error));
    });
    const logWritten = new Promise<void>((resolve) => log.once('close', () => resolve()));
    exited = new Promise((resolve) => {
      server.once('error', (error) => {
        failAll(`the job server could not start: ${error.message}`);
        resolve(logWritten);
      });
      // 'close' comes after the server's output streams end, so the whole log is in stderrTail and on disk.
      server.once('close', (code, signal) => {
        failAll(`the Spark job server exited with ${signal ?? `code ${code}`}: ${lastLines(stderrTail) || '(no output)'}`);
        resolve(logWritten);
      });
    });
    return server;
  };

  return {
    name: 'spark',
    runJob: (request) =>
      new Promise((resolve, reject) => {
        if (endedWith !== undefined) return reject(new SparkJobFailedError(request, endedWith));
        child ??= start();
        const id = String(++nextId);
        pending.set(id, { request, resolve, reject });
        child.stdin.write(`${JSON.stringify({ id, layer: request.layer, table: request.table, executionId: request.executionId, work: request.workKey })}\n`);
      }),
    close: async () => {
      child?.stdin.end();
      await exited;
    },
  };
}

function parseAnswer(line: string): JobAnswer | undefined {
  if (!line.includes(RESPONSE_KEY)) return undefined;
  try {
    const answer = JSON.parse(line) as JobAnswer;
    return typeof answer[RESPONSE_KEY] === 'string' ? answer : undefined;
  } catch {
    return undefined;
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ');
}
