// `datamaster process --engine spark`: each job of the processing state machine runs as a Spark
// application on local Spark (the spark/ project's jobs, the same ones EMR Serverless runs), against this
// lake home's catalog and ledger. The job prints its result as one JSON line; its log goes to stderr.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobRequest, JobResult } from '@datamaster/lakehouse';
import type { LocalPlatform } from '@datamaster/local-platform';

/** The repository's spark/ folder: three levels up from this file, in the sources and in the bundle alike. */
export const DEFAULT_SPARK_DIR = fileURLToPath(new URL('../../../spark', import.meta.url));

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
    readonly exit: string,
    stderrTail: string,
  ) {
    super(`Spark job ${request.layer}.${request.table} exited with ${exit}: ${stderrTail || '(no output)'}`);
  }
}

export function sparkJobRunner(platform: LocalPlatform, sparkDir: string, env: NodeJS.ProcessEnv): (request: JobRequest) => Promise<JobResult> {
  const python = join(sparkDir, '.venv', 'bin', 'python');
  if (!existsSync(python)) throw new SparkEngineUnavailableError(python);
  const { endpoint, region, credentials } = platform.ledgerEndpoint;
  return (request) =>
    new Promise((resolve, reject) => {
      const args = ['-m', 'datamaster_spark.main', '--layer', request.layer, '--table', request.table, '--execution-id', request.executionId, '--catalog', 'sqlite', '--lake-home', platform.home.root];
      const child = spawn(python, args, {
        cwd: sparkDir,
        stdio: ['ignore', 'pipe', 'pipe'],
        // PATH and JAVA_HOME come from this process even when a test hands the CLI a bare environment.
        env: { ...process.env, ...env, DATAMASTER_LEDGER_ENDPOINT: endpoint, AWS_REGION: region, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        const last = stdout.trim().split('\n').at(-1) ?? '';
        if (code !== 0) return reject(new SparkJobFailedError(request, signal ?? `code ${code}`, stderr.trim().split('\n').slice(-5).join(' | ')));
        try {
          resolve(JSON.parse(last) as JobResult);
        } catch {
          reject(new SparkJobFailedError(request, 'code 0 without a JSON result line', last));
        }
      });
    });
}
