// The embedded engine for a command, opened next to the platform and closed after it.
import type { Command } from 'commander';
import type { LocalPlatform } from '@datamaster/local-platform';
import type { LocalLakehouse } from '@datamaster/local-platform/lakehouse';
import type { CommandContext } from './context.js';
import { withPlatform } from './platform.js';

/** `session.cacheFiles: false` for a command that keeps the lakehouse open for hours (`up`). */
export async function withLakehouse<T>(
  ctx: CommandContext,
  command: Command,
  work: (lakehouse: LocalLakehouse, platform: LocalPlatform) => Promise<T>,
  session: { readonly cacheFiles?: boolean } = {},
): Promise<T> {
  return withPlatform(ctx, command, async (platform) => {
    const { openLocalLakehouse } = await import('@datamaster/local-platform/lakehouse');
    const lakehouse = await openLocalLakehouse(platform, {}, session);
    try {
      return await work(lakehouse, platform);
    } finally {
      lakehouse.close();
    }
  });
}
