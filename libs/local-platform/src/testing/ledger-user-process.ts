// Drives a ledger-user.mjs process from a test: its first line, its answers, its close.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface LedgerUser {
  readonly pid: number;
  readonly endpoint: string;
  readonly recordId: string;
  /** How many records the user's ledger holds now. */
  count(): Promise<number>;
  /** Closes the platform (unregistering) and waits for the process to exit. */
  close(): Promise<void>;
  /** Kills the process, so it cannot unregister. */
  kill(): Promise<void>;
}

export async function startLedgerUser(bundle: string, home: string, idleMs: number, name: string): Promise<LedgerUser> {
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(process.execPath, [bundle, home, String(idleMs), name], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit');
  const nextLine = async (): Promise<string> => {
    const [line] = (await Promise.race([once(lines, 'line'), exited.then(() => [undefined])])) as [string | undefined];
    if (line === undefined) throw new Error(`ledger user ${name} exited (code ${child.exitCode}): ${stderr}`);
    return line;
  };
  const first = JSON.parse(await nextLine()) as { endpoint: string; recordId: string };
  return {
    pid: child.pid as number,
    ...first,
    count: async () => {
      child.stdin.write('count\n');
      return Number(await nextLine());
    },
    close: async () => {
      child.stdin.end('close\n');
      await exited;
      lines.close();
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
      lines.close();
    },
  };
}
