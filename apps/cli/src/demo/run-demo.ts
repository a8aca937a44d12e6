// The demo's run: the whole local lake on the embedded defaults, end to end. Loaded only when `demo` runs.
import { join } from 'node:path';
import type { Command } from 'commander';
import { ChangeSimulator, LocalDeliveryStream, type DmsDataRecord } from '@datamaster/cdc';
import { putBatchExtract } from '@datamaster/ingestion';
import { initLakeHome } from '@datamaster/lake-home';
import { lakeManifest } from '@datamaster/lake-manifest';
import { embeddedEngine } from '@datamaster/lakehouse';
import type { LocalPlatform } from '@datamaster/local-platform';
import type { LocalLakehouse } from '@datamaster/local-platform/lakehouse';
import { runProcessing, tableStatuses } from '@datamaster/processing';
import { SEED_TABLES } from '@datamaster/seed-data';
import type { CommandContext } from '../context.js';
import { goldTopTens } from './gold-top-tens.js';
import { printQueryTable } from '../query-table.js';
import { formatTable } from '../io.js';
import { withLakehouse } from '../lakehouse.js';
import { inTurn } from '../lake-writes.js';
import { printOutcome } from '../ledger-output.js';
import { localIngestion } from '../platform.js';
import { printHome } from '../commands/init.js';
import { printSeedSummary, seedWithProgress } from '../commands/seed.js';
import { printJobResult, ProcessingFailedError } from '../commands/process.js';
import type { DemoOptions } from '../commands/demo.js';

const DEMO_CHANGES_PER_SECOND = 500;
const DEMO_SEED = 42;
const SIMULATOR_SEED = 7;

/** Runs fn, adds its wall time to the list under `phase`. */
async function timed<T>(timings: [string, number][], phase: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([phase, Date.now() - started]);
  }
}

async function deliver(platform: LocalPlatform, produce: (delivery: LocalDeliveryStream) => Promise<void>): Promise<string> {
  const delivery = await LocalDeliveryStream.open({ sink: platform.store, bufferIntervalMs: 1000 });
  await produce(delivery);
  await delivery.close();
  const stats = delivery.stats;
  return `changes ${stats.recordsIn.toLocaleString('en-US')}, routed ${stats.routed.toLocaleString('en-US')}, failed ${stats.failed}, raw objects ${stats.objectsWritten}`;
}

async function processAll(ctx: CommandContext, lakehouse: LocalLakehouse, platform: LocalPlatform): Promise<void> {
  const run = await inTurn(ctx, platform, () => runProcessing(lakehouse.processing, embeddedEngine(lakehouse), { layers: 'all', onJobDone: (result) => printJobResult(ctx, result) }));
  if (run.failures.length > 0) throw new ProcessingFailedError(run);
}

export async function runDemo(ctx: CommandContext, options: DemoOptions, command: Command): Promise<void> {
  const { colors } = ctx.output;
  const heading = (text: string) => ctx.output.line(colors.bold(`\n${text}`));
  const started = Date.now();
  const timings: [string, number][] = [];
  // Created here when missing, so that the first run says so (withLakehouse would find it existing).
  const { created } = initLakeHome(ctx.homeDir(command));
  await withLakehouse(ctx, command, async (lakehouse, platform) => {
    heading('1. lake home');
    printHome(ctx, platform.home, created);
    const manifest = lakeManifest();
    ctx.output.line(`${colors.green('✔')} lake manifest: ${manifest.tables.length} tables valid, ${manifest.principals.length} principals`);

    heading(`2. seed dataset (scale ${options.scale})`);
    const seedDir = join(platform.home.root, 'seed');
    printSeedSummary(ctx, await timed(timings, 'seed dataset', () => seedWithProgress(ctx, seedDir, options.scale, DEMO_SEED)));

    heading('3. batch extracts → raw → ledger → bronze');
    const ingestion = await localIngestion(ctx, platform);
    await timed(timings, 'batch extracts → bronze', async () => {
      for (const table of SEED_TABLES) {
        const landed = await putBatchExtract({ store: platform.store, file: join(seedDir, `${table}.csv.gz`), table });
        printOutcome(ctx.output, await ingestion.ingestKey(landed.key));
      }
    });

    heading(`4. CDC: ${options.streamSeconds} s of simulated changes → delivery stream → raw → bronze`);
    const simulator = new ChangeSimulator({ seed: SIMULATOR_SEED, scale: options.scale, startTime: new Date(), rps: DEMO_CHANGES_PER_SECOND });
    ingestion.start();
    const streamed = await timed(timings, 'CDC stream → bronze', async () => {
      const summary = await deliver(platform, (delivery) =>
        simulator.simulate({ rps: DEMO_CHANGES_PER_SECOND, durationMs: options.streamSeconds * 1000, onBatch: async (records) => void (await delivery.put(records)) }).then(() => undefined),
      );
      await ingestion.stop();
      return summary;
    });
    ctx.output.line(streamed);

    heading('5. silver MERGE → review_flat → gold (processing state machine, embedded engine)');
    await timed(timings, 'silver + review_flat + gold', () => processAll(ctx, lakehouse, platform));

    heading(`6. second wave: ${options.wave.toLocaleString('en-US')} updates and deletes → bronze → incremental silver and gold`);
    const wave = await localIngestion(ctx, platform);
    wave.start();
    ctx.output.line(
      await timed(timings, 'second wave → bronze', async () => {
        const summary = await deliver(platform, async (delivery) => {
          const records: DmsDataRecord[] = simulator.secondWave(options.wave);
          for (let i = 0; i < records.length; i += 500) await delivery.put(records.slice(i, i + 500));
        });
        await wave.stop();
        return summary;
      }),
    );
    await timed(timings, 'incremental silver + gold', () => processAll(ctx, lakehouse, platform));

    heading('7. the lake');
    const statuses = await tableStatuses(lakehouse.lake, lakehouse.processing.ledger);
    ctx.output.line(formatTable(['table', 'rows', 'files', 'freshness'], statuses.map((s) => [s.ref, s.rows.toLocaleString('en-US'), String(s.dataFiles), s.freshness])));
    ctx.output.line();
    ctx.output.line(formatTable(['phase', 'seconds'], timings.map(([phase, ms]) => [phase, (ms / 1000).toFixed(1)])));

    const top = await goldTopTens(lakehouse);
    heading(`8. gold top-10s for ${top.month ?? '(no data)'}, the busiest month, queried as principal "demo"`);
    for (const table of top.tables) {
      ctx.output.line(colors.bold(`\n${table.title}`));
      printQueryTable(ctx, table.result);
    }
  });
  ctx.output.line(colors.green(`\ndemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s`));
  ctx.output.line(`Next: \`datamaster tables\`, \`datamaster query "SELECT * FROM gold.top_beers_by_rating LIMIT 5" --as analyst\`, \`datamaster status --layer silver\`.`);
  ctx.output.line('Portal: `npx datamaster portal` opens every lake table in Backstage at http://localhost:7007/lake (its first start installs the portal, a few minutes).');
}
