// Commands that write silver and gold (processing, maintenance) take turns on a lake home: run at the same time,
// each would find the other's work claimed in the ledger and end, reporting "nothing to do", before it is done.
import type { LocalPlatform } from '@datamaster/local-platform';
import type { CommandContext } from './context.js';

/** Runs `work` once no other process writes the home's silver and gold tables, saying on stderr when it waits. */
export async function inTurn<T>(ctx: CommandContext, platform: LocalPlatform, work: () => Promise<T>): Promise<T> {
  const { acquireLakeWrites } = await import('@datamaster/local-platform');
  const release = await acquireLakeWrites(platform.home.root, (holder) =>
    ctx.output.error(ctx.output.colors.dim(`waiting for process ${holder}, which is processing or maintaining the lake home ${platform.home.root}…`)),
  );
  try {
    return await work();
  } finally {
    release();
  }
}
