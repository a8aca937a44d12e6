// Bundles ./ledger-user.ts for node, which cannot run this workspace's TypeScript: the workspace's libraries are
// inlined, third-party packages stay imports. The bundle goes inside the workspace, so that it resolves those
// packages and @datamaster/local-platform/ledger-server as the CLI's bundle does.
import { fileURLToPath } from 'node:url';
import { lakeManifestPlugin } from '@datamaster/lake-manifest/esbuild-plugin';
import { build } from 'esbuild';

export const LEDGER_USER_BUNDLE = fileURLToPath(new URL('../../dist/test/ledger-user.mjs', import.meta.url));

export async function bundleLedgerUser(): Promise<string> {
  await build({
    entryPoints: [fileURLToPath(new URL('./ledger-user.ts', import.meta.url))],
    outfile: LEDGER_USER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
    plugins: [
      // The lake manifest's files, inlined as in every bundle of the platform.
      lakeManifestPlugin(),
      {
        name: 'third-party-external',
        setup: (bundler) => bundler.onResolve({ filter: /^[^./]/ }, ({ path }) => (path.startsWith('@datamaster/') ? undefined : { path, external: true })),
      },
    ],
  });
  return LEDGER_USER_BUNDLE;
}
