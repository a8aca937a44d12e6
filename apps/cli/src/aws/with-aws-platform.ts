// Opening the deployment on AWS for a command (its stacks' outputs, ledger and buckets, and its tables in Glue),
// closing it after.
import type { AwsPlatform } from '@datamaster/aws-platform';
import type { LakeTables } from '@datamaster/iceberg';
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

/** The deployment's silver and gold tables in its Glue Data Catalog, under the lake bucket, with its ledger and stores. */
export async function withDeployedLake<T>(ctx: CommandContext, stage: string, work: (lake: LakeTables, platform: AwsPlatform) => Promise<T>): Promise<T> {
  const { lakeTablesFromEnvironment } = await import('@datamaster/processing/aws');
  return withAwsPlatform(ctx, stage, async (platform) => {
    const { lake, close } = lakeTablesFromEnvironment({ LAKE_URI: `s3://${platform.deployment.lakeBucket}` });
    try {
      return await work(lake, platform);
    } finally {
      await close();
    }
  });
}
