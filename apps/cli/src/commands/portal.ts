import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { MANIFEST_ENV } from '../manifest-choice.js';
import { withPlatform } from '../platform.js';
import { PortalStartError } from '../portal/errors.js';
import { parseNumberOption } from './seed.js';

interface PortalOptions {
  port: number;
  duration?: number;
}

/** Aborted by Ctrl-C or SIGTERM from the moment the command starts (setup and start-up included), or after `seconds`. */
function stopSignal(seconds: number | undefined): { signal: AbortSignal; dispose(): void } {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const timer = seconds === undefined ? undefined : setTimeout(onSignal, seconds * 1000);
  return {
    signal: stop.signal,
    dispose: () => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export function registerPortal(program: Command, ctx: CommandContext): void {
  program
    .command('portal')
    .description(
      'Start the developer portal (a Backstage dev app with the lake catalog plugins) against the lake home: every lake table with its owner, lineage, grants, runs and freshness. Installs the Backstage workspace (plugins/) the first time. Stops on Ctrl-C.',
    )
    .option('--port <port>', 'the port the portal listens on (frontend and backend)', parseNumberOption('--port', false), 7007)
    .option('--duration <seconds>', 'stop after this long (default: run until Ctrl-C)', parseNumberOption('--duration', false))
    .action(async (options: PortalOptions, command: Command) => {
      const stop = stopSignal(options.duration);
      try {
        const [{ portalWorkspace, preparePortal }, { startBackstageBackend, portalLogFile }, { portalConfig }, { startLocalStepFunctionsApi }] = await Promise.all([
          import('../portal/portal-workspace.js'),
          import('../portal/backstage-backend.js'),
          import('../portal/portal-config.js'),
          import('@datamaster/local-platform'),
        ]);
        const workspace = portalWorkspace();
        await preparePortal(workspace, ctx.streams.stderr);
        await withPlatform(ctx, command, async (platform) => {
          const stepFunctions = await startLocalStepFunctionsApi({ journal: platform.journal });
          try {
            const run = join(platform.home.root, 'run');
            mkdirSync(run, { recursive: true });
            const configFile = join(run, 'portal-config.json');
            const config = portalConfig({
              port: options.port,
              manifestDir: ctx.streams.env[MANIFEST_ENV] ?? join(workspace.repo, 'libs', 'lake-manifest'),
              ledger: { endpoint: platform.ledgerEndpoint.endpoint, tableName: platform.home.config.ledger.tableName },
              stepFunctionsEndpoint: stepFunctions.endpoint,
              catalogPath: platform.home.catalogPath,
              warehouse: pathToFileURL(platform.home.warehouseDir).href,
              lineageDir: platform.home.lineageDir,
            });
            writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
            const logFile = portalLogFile(platform.home.root);
            ctx.output.error(`portal: starting Backstage (log: ${logFile})`);
            const backend = await startBackstageBackend(workspace, { configFile, port: options.port, logFile, env: ctx.streams.env, signal: stop.signal });
            const { colors } = ctx.output;
            ctx.output.line(`${colors.green('●')} portal up: ${backend.url}/lake (lake home ${platform.home.root})`);
            ctx.output.line(`  every lake table: ${backend.url}/catalog?filters[kind]=resource&filters[type]=lake-table · Ctrl-C to stop.`);
            const stopped = new Promise<'stopped'>((resolve) => stop.signal.addEventListener('abort', () => resolve('stopped'), { once: true }));
            const outcome = await Promise.race([stopped, backend.ended]);
            await backend.stop();
            if (outcome !== 'stopped') throw new PortalStartError(`The portal backend ended by itself (${outcome}); its log: ${logFile}`);
            ctx.output.line(`${colors.dim('●')} portal stopped`);
          } finally {
            await stepFunctions.close();
          }
        });
      } finally {
        stop.dispose();
      }
    });
}
