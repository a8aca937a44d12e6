// Opening the embedded local platform for a command, and the local ingestion on top of it.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Command } from 'commander';
import type { EcsTaskRunner, LocalIngestion } from '@datamaster/ingestion/local';
import type { LocalPlatform } from '@datamaster/local-platform';
import type { CommandContext } from './context.js';

/** Runs `work` with the lake home's platform open (creating the home on first use), closing it after. */
export async function withPlatform<T>(ctx: CommandContext, command: Command, work: (platform: LocalPlatform) => Promise<T>): Promise<T> {
  const [{ initLakeHome, withMemoryLimit }, { openLocalPlatform }] = await Promise.all([import('@datamaster/lake-home'), import('@datamaster/local-platform')]);
  const { home } = initLakeHome(ctx.homeDir(command));
  const { memoryLimit } = command.optsWithGlobals<{ memoryLimit?: string }>();
  const platform = await openLocalPlatform(memoryLimit === undefined ? home : withMemoryLimit(home, memoryLimit, '--memory-limit'));
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}

/** One started task process: it loads and connects to the ledger by itself, then waits for its task on stdin. */
interface TaskProcess {
  give(task: { recordId: string; executionId: string }): void;
  /** Resolves when it exits with code 0: its task done, or no task given (stdin closed). */
  readonly exited: Promise<void>;
  readonly stdin: NonNullable<ChildProcess['stdin']>;
}

/**
 * The ECS task as its own process: this CLI's hidden `worker bronze` command, as a container would run it. A
 * process can be started before its task is known (`prestart`), so that its start-up (Node, the ledger client,
 * the bronze code) overlaps this process landing and registering the object instead of following it.
 */
export class EcsTaskProcesses {
  private warm: TaskProcess | undefined;

  constructor(
    private readonly ctx: CommandContext,
    private readonly homeRoot: string,
    private readonly cli: readonly string[],
  ) {}

  /** Starts a task process now, for the task that comes next. */
  prestart(): void {
    this.warm ??= this.start();
  }

  readonly run: EcsTaskRunner = async (task) => {
    const process = this.warm ?? this.start();
    this.warm = undefined;
    process.give(task);
    await process.exited;
  };

  /** Lets a prestarted process that got no task exit, and waits for it. */
  async close(): Promise<void> {
    const unused = this.warm;
    this.warm = undefined;
    if (!unused) return;
    unused.stdin.end();
    await unused.exited.catch(() => undefined);
  }

  private start(): TaskProcess {
    const [program, ...args] = this.cli;
    const child = spawn(program as string, [...args, '--home', this.homeRoot, 'worker', 'bronze', '--task-from-stdin'], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...this.ctx.streams.env, NO_COLOR: '1' },
    });
    const stdin = child.stdin as NonNullable<ChildProcess['stdin']>;
    // A process that failed before reading its task closes the pipe; its exit code says why.
    stdin.on('error', () => undefined);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const exited = new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        code === 0 ? resolve() : reject(Object.assign(new Error(`task exited with ${signal ?? `code ${code}`}: ${stderr.trim()}`), { name: 'States.TaskFailed' })),
      );
    });
    exited.catch(() => undefined); // a prestarted process may fail before anyone awaits it
    return { stdin, exited, give: (task) => stdin.end(`${JSON.stringify(task)}\n`) };
  }
}

/** The CLI's task processes, when it has a command to start them with; undefined runs ECS tasks in this process. */
export function ecsTaskProcesses(ctx: CommandContext, homeRoot: string): EcsTaskProcesses | undefined {
  return ctx.workerCommand ? new EcsTaskProcesses(ctx, homeRoot, ctx.workerCommand) : undefined;
}

/** `ecsTasks`: processes to run ECS tasks with (the caller closes them); by default, this CLI's own. */
export async function localIngestion(ctx: CommandContext, platform: LocalPlatform, ecsTasks = ecsTaskProcesses(ctx, platform.home.root)): Promise<LocalIngestion> {
  const [{ holderGone, thisProcess }, { LocalIngestion }] = await Promise.all([import('@datamaster/control-ledger'), import('@datamaster/ingestion/local')]);
  return new LocalIngestion({
    store: platform.store,
    ledger: platform.ledger,
    maskingKey: platform.maskingKey,
    holder: thisProcess(),
    holderGone,
    runEcsTask: ecsTasks?.run,
    journal: platform.journal,
    metrics: platform.metrics,
    lineage: platform.lineage,
  });
}
