import { join } from 'node:path';
import type { Command } from 'commander';
import { ChangeSimulator, LocalDeliveryStream } from '@datamaster/cdc';
import { putBatchExtract } from '@datamaster/ingestion';
import { lakeManifest } from '@datamaster/lake-manifest';
import { SEED_TABLES } from '@datamaster/seed-data';
import type { CommandContext } from '../context.js';
import { formatTable } from '../io.js';
import { printOutcome } from '../ledger-output.js';
import { localIngestion, withPlatform } from '../platform.js';
import { printHome } from './init.js';
import { parseNumberOption, printSeedSummary, seedWithProgress } from './seed.js';

export const DEMO_SCALE = 0.02;
const DEMO_CHANGES_PER_SECOND = 500;
const DEMO_STREAM_MS = 3000;

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('Run the local lake end to end on the embedded defaults: lake home, manifest, seed dataset, batch ingestion of the extracts, then CDC changes from the simulator into bronze.')
    .option('--scale <factor>', 'seed dataset size (1 = 1.5M reviews)', parseNumberOption('--scale', false), DEMO_SCALE)
    .action(async (options: { scale: number }, command: Command) => {
      const { colors } = ctx.output;
      const started = Date.now();
      await withPlatform(ctx, command, async (platform) => {
        ctx.output.line(colors.bold('1. lake home'));
        printHome(ctx, platform.home, false);

        ctx.output.line(colors.bold('\n2. lake manifest'));
        const manifest = lakeManifest();
        ctx.output.line(`${colors.green('✔')} ${manifest.tables.length} tables valid, ${manifest.principals.length} principals`);

        ctx.output.line(colors.bold('\n3. seed dataset'));
        const seedDir = join(platform.home.root, 'seed');
        printSeedSummary(ctx, await seedWithProgress(ctx, seedDir, options.scale, 42));

        ctx.output.line(colors.bold('\n4. batch extracts → raw → ledger → bronze'));
        const ingestion = localIngestion(ctx, platform);
        for (const table of SEED_TABLES) {
          const landed = await putBatchExtract({ store: platform.store, file: join(seedDir, `${table}.csv.gz`), table });
          printOutcome(ctx.output, await ingestion.ingestKey(landed.key));
        }

        ctx.output.line(colors.bold(`\n5. CDC: ${DEMO_STREAM_MS / 1000} s of simulated changes → delivery stream → raw → bronze`));
        ingestion.start();
        const delivery = await LocalDeliveryStream.open({ sink: platform.store, bufferIntervalMs: 1000 });
        const simulator = new ChangeSimulator({ seed: 7, scale: options.scale, startTime: new Date(), rps: DEMO_CHANGES_PER_SECOND });
        await simulator.simulate({ rps: DEMO_CHANGES_PER_SECOND, durationMs: DEMO_STREAM_MS, onBatch: async (records) => void (await delivery.put(records)) });
        await delivery.close();
        await ingestion.stop();
        const stats = delivery.stats;
        ctx.output.line(`changes ${stats.recordsIn}, routed ${stats.routed}, failed ${stats.failed}, raw objects ${stats.objectsWritten}`);

        ctx.output.line(colors.bold('\n6. bronze, from the control ledger'));
        const rows = [];
        for (const table of SEED_TABLES) {
          const { records } = await platform.ledger.list({ table, layer: 'bronze', limit: 1000 });
          const sum = (pick: (r: (typeof records)[number]) => number | undefined) => records.reduce((n, r) => n + (pick(r) ?? 0), 0);
          rows.push([table, String(records.length), String(records.filter((r) => r.status === 'succeeded').length), sum((r) => r.rowsOut).toLocaleString('en-US'), sum((r) => r.rowsQuarantined).toLocaleString('en-US')]);
        }
        ctx.output.line(formatTable(['table', 'raw objects', 'succeeded', 'bronze rows', 'quarantined'], rows));
      });
      ctx.output.line(colors.green(`\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s`));
    });
}
