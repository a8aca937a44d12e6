// The control ledger's embedded DynamoDB-API server for a lake home. Only one process can hold
// its on-disk store, so the first process starts it and records its endpoint in run/ledger.json;
// other processes (a second CLI command, the ECS-task child) connect to that endpoint instead.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startEmbeddedDynamo } from '@datamaster/embedded-services';

export interface LedgerEndpoint {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface LedgerService extends LedgerEndpoint {
  /** True when this process started the server (and stops it on release). */
  readonly owned: boolean;
  release(): Promise<void>;
}

interface RunFile extends LedgerEndpoint {
  readonly pid: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function accepts(endpoint: string): Promise<boolean> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const answer = (ok: boolean) => {
      // An open probe socket would keep the server from shutting down later.
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000);
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.once('timeout', () => answer(false));
  });
}

async function runningServer(runFile: string): Promise<RunFile | undefined> {
  if (!existsSync(runFile)) return undefined;
  try {
    const run = JSON.parse(readFileSync(runFile, 'utf8')) as RunFile;
    if (isAlive(run.pid) && (await accepts(run.endpoint))) return run;
  } catch {
    // A torn or stale run file: start a server of our own below.
  }
  return undefined;
}

/** Connects to the home's running ledger server, or starts one on `dataDir`. */
export async function acquireLedgerService(homeRoot: string, dataDir: string): Promise<LedgerService> {
  const runFile = join(homeRoot, 'run', 'ledger.json');
  const running = await runningServer(runFile);
  if (running) return { endpoint: running.endpoint, region: running.region, credentials: running.credentials, owned: false, release: async () => undefined };
  const server = await startEmbeddedDynamo({ dataDir });
  mkdirSync(join(homeRoot, 'run'), { recursive: true });
  const run: RunFile = { endpoint: server.endpoint, region: server.region, credentials: server.credentials, pid: process.pid };
  writeFileSync(runFile, JSON.stringify(run));
  return {
    ...run,
    owned: true,
    release: async () => {
      rmSync(runFile, { force: true });
      await server.stop();
    },
  };
}
