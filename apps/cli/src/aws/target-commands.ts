// Which commands run against a deployment on AWS (--target aws:<stage>): the ones a data team drives a deployed
// platform with. The rest run the local platform only, and say so instead of quietly using the lake home.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

export const AWS_COMMANDS = ['ingest', 'status', 'tables', 'process', 'query', 'plan', 'apply'] as const;
/** Commands that open the lake home's platform; the others (manifest, contract, seed) read or write files only. */
const LOCAL_PLATFORM_COMMANDS = ['init', 'migrate', 'stream', 'reprocess', 'maintain', 'up', 'worker', 'demo', 'portal', 'metrics'];

export class LocalOnlyCommandError extends Error {
  override readonly name = 'LocalOnlyCommandError';
}

export function refuseLocalOnlyOnAws(ctx: CommandContext, action: Command): void {
  const name = topCommand(action).name();
  const target = ctx.target(action);
  if (target.kind !== 'aws' || !LOCAL_PLATFORM_COMMANDS.includes(name)) return;
  throw new LocalOnlyCommandError(`\`datamaster ${name}\` runs on the local platform only; with --target aws:${target.stage} run ${AWS_COMMANDS.join(', ')} (or drop --target / DATAMASTER_TARGET for the lake home).`);
}

function topCommand(action: Command): Command {
  let command = action;
  while (command.parent?.parent) command = command.parent;
  return command;
}
