import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { EMBEDDED_REGION, stopOnce, type EmbeddedServer } from './embedded-server.js';
import { EmbeddedServiceStartError } from './errors.js';

export interface EmbeddedS3Options {
  /** Folder where s3rver keeps buckets and objects; it survives a restart. */
  readonly directory: string;
  /** Buckets to create if missing. */
  readonly buckets: readonly string[];
}

/**
 * s3rver 3.7.1 differs from S3 in ways to keep in mind: IfNoneMatch:'*' is ignored; delimiter listings miss prefixes
 * that only exist two or more levels deep; AbortMultipartUpload is refused (405); multipart objects get the plain MD5
 * as ETag; event records carry keys unencoded; and listing order is only reliable within one page when a key is a
 * prefix of another or has characters beyond U+FFFF.
 */
export interface EmbeddedS3Server extends EmbeddedServer {
  /** s3rver serves buckets by path, not by virtual host: pass this to the S3 client. */
  readonly forcePathStyle: true;
  /** Emits 'event' with each S3-notification-shaped payload s3rver produces: { Records: [{ eventName, s3: {...} }] }. */
  readonly events: EventEmitter<{ event: [notification: unknown] }>;
  /** The s3rver child process, for diagnostics. */
  readonly pid: number;
}

/** The entry script of the s3rver child process (see its header for the protocol). */
const S3RVER_CHILD_SCRIPT = fileURLToPath(new URL('./s3rver-child.js', import.meta.url));

export type S3rverChild = ChildProcessByStdio<Writable, Readable, Readable>;

export function spawnS3rverChild(options: EmbeddedS3Options): S3rverChild {
  const config = JSON.stringify({ directory: resolve(options.directory), buckets: options.buckets });
  return spawn(process.execPath, ['--openssl-legacy-provider', S3RVER_CHILD_SCRIPT, config], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const STDERR_TAIL_CHARS = 4_000;

/** Starts s3rver on a random loopback port, in a child process that dies with this one. */
export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3Server> {
  const child = spawnS3rverChild(options);
  // The child's stdin closes when this process dies, which stops it; 'exit' handlers cover a normal exit.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let stderrTail = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
  });
  const events: EmbeddedS3Server['events'] = new EventEmitter();
  const lines = createInterface({ input: child.stdout });
  // Closing the stdin of a child that already exited fails with EPIPE; its 'exit' is what stop() waits for.
  child.stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') stderrTail += `\n(stdin: ${error.message})`;
  });
  const ready = new Promise<{ port: number; pid: number }>((done, fail) => {
    lines.on('line', (line) => {
      const message = parseMessage(line);
      if (message?.type === 'ready') done(message);
      else if (message?.type === 'event') events.emit('event', message.notification);
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`the s3rver process exited (${signal ?? `code ${code}`})`)));
  });

  const stop = stopOnce(async () => {
    process.off('exit', killOnExit);
    lines.close();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  });

  let startTimer: NodeJS.Timeout | undefined;
  try {
    const { port, pid } = await Promise.race([
      ready,
      new Promise<never>((_, fail) => {
        startTimer = setTimeout(() => fail(new Error(`s3rver did not report its port within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      }),
    ]);
    return {
      endpoint: `http://127.0.0.1:${port}`,
      region: EMBEDDED_REGION,
      // s3rver checks signatures against its built-in account.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
      events,
      pid,
      stop,
    };
  } catch (error) {
    await stop();
    throw new EmbeddedServiceStartError(
      'S3',
      `${error instanceof Error ? error.message : String(error)} (directory ${resolve(options.directory)}, ` +
        `buckets ${JSON.stringify(options.buckets)}). Check that the directory is writable and the bucket names are valid.` +
        (stderrTail ? `\ns3rver stderr:\n${stderrTail}` : ''),
      { cause: error },
    );
  } finally {
    clearTimeout(startTimer);
  }
}

type ChildMessage = { type: 'ready'; port: number; pid: number } | { type: 'event'; notification: unknown };

/** Lines that are not protocol messages (a dependency printing to stdout) are ignored. */
function parseMessage(line: string): ChildMessage | undefined {
  try {
    const message = JSON.parse(line) as Partial<{ type: unknown; port: unknown; pid: unknown; notification: unknown }>;
    if (message.type === 'ready' && typeof message.port === 'number' && typeof message.pid === 'number') {
      return { type: 'ready', port: message.port, pid: message.pid };
    }
    if (message.type === 'event') return { type: 'event', notification: message.notification };
  } catch {
    // not JSON: not ours
  }
  return undefined;
}
