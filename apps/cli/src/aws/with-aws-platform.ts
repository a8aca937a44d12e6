// Opening the deployment on AWS for a command (its stacks' outputs, ledger and buckets), closing it after.
import type { AwsPlatform } from '@datamaster/aws-platform';
import type { CommandContext } from '../context.js';

export async function withAwsPlatform<T>(ctx: CommandContext, stage: string, work: (platform: AwsPlatform) => Promise<T>): Promise<T> {
  const { openAwsPlatform } = await import('@datamaster/aws-platform');
  const platform = await openAwsPlatform(stage);
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}
