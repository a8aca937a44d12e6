import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { DeliveryStats, LocalDeliveryStream } from '@datamaster/cdc';
import type { LedgerRecord } from '@datamaster/lake-contract';
import type { CommandContext } from '../context.js';
import { printDeliverySummary } from '../delivery-output.js';
import { parseDuration } from '../duration.js';
import { printRecordTable } from '../ledger-output.js';
import { localIngestion, withPlatform } from '../platform.js';
import { parseNumberOption } from './seed.js';
import { DEMO_SCALE } from './demo.js';

interface StreamOptions {
  source?: string;
  simulate?: boolean;
  replay?: string;
  rps: number;
  duration?: number;
  scale: number;
  seed: number;
  ingest: boolean;
  json?: boolean;
}

/** Stops on the first of: the duration, Ctrl-C, or the producer running out. */
function stopSignal(durationMs: number | undefined): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const timer = durationMs === undefined ? undefined : setTimeout(() => controller.abort(), durationMs);
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  return {
    signal: controller.signal,
    dispose: () => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onInterrupt);
    },
  };
}

export function registerStream(program: Command, ctx: CommandContext): void {
  program
    .command('stream')
    .description('Stream CDC changes (DMS records) through the router and delivery stream into raw/, and ingest what lands.')
    .option('--source <postgres-url>', 'logical replication from this PostgreSQL (full load first, then changes; resumes where it stopped)')
    .option('--simulate', 'the deterministic change simulator (the embedded default)')
    .option('--replay <file>', 'recorded DMS Kinesis records, one JSON per line')
    .option('--rps <n>', 'simulated changes per second', parseNumberOption('--rps', false), 200)
    .option('--duration <d>', 'stop after this long (e.g. 30s, 2m); default 10s for --simulate, until done or Ctrl-C otherwise', parseDuration)
    .option('--scale <factor>', 'the seed dataset scale the simulated changes refer to', parseNumberOption('--scale', false), DEMO_SCALE)
    .option('--seed <n>', 'simulator seed', parseNumberOption('--seed', true), 42)
    .option('--no-ingest', 'only deliver into raw/')
    .option('--json', 'print the summary as JSON')
    .action(async (options: StreamOptions, command: Command) => {
      const sources = [options.source, options.simulate, options.replay].filter((s) => s !== undefined && s !== false);
      if (sources.length !== 1) throw new Error('stream needs exactly one of --source <postgres-url>, --simulate, --replay <file>');
      const [{ ChangeSimulator, LocalDeliveryStream, jsonFileSequenceStore, readReplayFile }, { PROCESSING_FAILED_PREFIX }] = await Promise.all([
        import('@datamaster/cdc'),
        import('@datamaster/lake-contract'),
      ]);
      const startedAt = new Date().toISOString();
      await withPlatform(ctx, command, async (platform) => {
        const ingestion = await localIngestion(ctx, platform);
        if (options.ingest) ingestion.start();
        const expected = options.simulate ? Math.round((options.rps * (options.duration ?? 10_000)) / 1000) : 0;
        const progress = ctx.output.progress('stream', expected);
        let totals: DeliveryStats = { recordsIn: 0, routed: 0, failed: 0, objectsWritten: 0, failures: [] };
        const delivery = await LocalDeliveryStream.open({
          sink: platform.store,
          sequence: jsonFileSequenceStore(join(platform.home.root, 'run', 'delivery-sequence.json')),
          bufferIntervalMs: 2000,
          onFlush: (flush) => {
            totals = flush.totals;
            progress.update(flush.totals.routed, `routed, ${flush.totals.objectsWritten} objects`);
          },
        });
        const stop = stopSignal(options.duration ?? (options.simulate ? 10_000 : undefined));
        try {
          if (options.simulate) {
            const simulator = new ChangeSimulator({ seed: options.seed, scale: options.scale, startTime: new Date(), rps: options.rps });
            await simulator.simulate({ rps: options.rps, durationMs: options.duration ?? 10_000, signal: stop.signal, onBatch: async (records) => void (await delivery.put(records)) });
          } else if (options.replay) {
            for await (const record of readReplayFile(resolve(ctx.streams.cwd, options.replay))) {
              if (stop.signal.aborted) break;
              await delivery.put([record]);
            }
          } else {
            await streamFromPostgres(options.source as string, platform.home.root, delivery, stop.signal);
          }
        } finally {
          stop.dispose();
          await delivery.close();
          totals = delivery.stats;
          progress.stop();
          await ingestion.stop();
        }
        const ingested: LedgerRecord[] = [];
        // This run's objects only: earlier streams into the same lake home are not part of its summary.
        const ofThisRun = (r: LedgerRecord) => r.source === 'cdc' && r.registeredAt >= startedAt;
        if (options.ingest) for (const status of ['succeeded', 'failed', 'dead'] as const) ingested.push(...(await platform.ledger.listByLayer({ layer: 'bronze', status, limit: 1000 })).records.filter(ofThisRun));
        if (options.json) ctx.output.json({ delivery: totals, ingested });
        else {
          printDeliverySummary(ctx.output, totals, PROCESSING_FAILED_PREFIX);
          if (ingested.length > 0) printRecordTable(ctx.output, ingested.slice(0, 20));
        }
      });
    });
}

async function streamFromPostgres(connectionString: string, homeRoot: string, delivery: LocalDeliveryStream, signal: AbortSignal): Promise<void> {
  const { PostgresCdcSource, filePositionStore } = await import('@datamaster/cdc-postgres');
  let failure: Error | undefined;
  const source = new PostgresCdcSource({
    connectionString,
    positionStore: filePositionStore(join(homeRoot, 'run', 'postgres-position.json')),
    // The position is saved only after the changes are durably in raw/.
    onRecords: async (records) => {
      await delivery.put(records);
      await delivery.flush();
    },
    onError: (error) => {
      failure = error;
    },
  });
  await source.start();
  await new Promise<void>((done) => {
    const finish = () => {
      clearInterval(poll);
      signal.removeEventListener('abort', finish);
      done();
    };
    const poll = setInterval(() => failure && finish(), 200);
    if (signal.aborted) finish();
    else signal.addEventListener('abort', finish, { once: true });
  });
  await source.stop();
  if (failure) throw failure;
}
