// Opening the embedded local platform for a command, and the local ingestion on top of it.
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import type { EcsTaskRunner, LocalIngestion } from '@datamaster/ingestion/local';
import type { LocalPlatform } from '@datamaster/local-platform';
import type { CommandContext } from './context.js';

/** Runs `work` with the lake home's platform open (creating the home on first use), closing it after. */
export async function withPlatform<T>(ctx: CommandContext, command: Command, work: (platform: LocalPlatform) => Promise<T>): Promise<T> {
  const [{ initLakeHome }, { openLocalPlatform }] = await Promise.all([import('@datamaster/lake-home'), import('@datamaster/local-platform')]);
  const { home } = initLakeHome(ctx.homeDir(command));
  const platform = await openLocalPlatform(home);
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}

/** The ECS task as its own process: this CLI's hidden `worker bronze` command, as a container would run it. */
function childProcessEcsTask(ctx: CommandContext, platform: LocalPlatform, cli: readonly string[]): EcsTaskRunner {
  return ({ recordId, executionId }) =>
    new Promise((resolve, reject) => {
      const [program, ...args] = cli;
      const child = spawn(program as string, [...args, '--home', platform.home.root, 'worker', 'bronze', '--record-id', recordId, '--execution-id', executionId], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...ctx.streams.env, NO_COLOR: '1' },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        code === 0 ? resolve() : reject(Object.assign(new Error(`task exited with ${signal ?? `code ${code}`}: ${stderr.trim()}`), { name: 'States.TaskFailed' })),
      );
    });
}

export async function localIngestion(ctx: CommandContext, platform: LocalPlatform): Promise<LocalIngestion> {
  const [{ holderGone, thisProcess }, { LocalIngestion }] = await Promise.all([import('@datamaster/control-ledger'), import('@datamaster/ingestion/local')]);
  return new LocalIngestion({
    store: platform.store,
    ledger: platform.ledger,
    maskingKey: platform.maskingKey,
    holder: thisProcess(),
    holderGone,
    runEcsTask: ctx.workerCommand ? childProcessEcsTask(ctx, platform, ctx.workerCommand) : undefined,
  });
}
