import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { withLakehouse } from '../lakehouse.js';
import { inTurn } from '../lake-writes.js';
import { printOutcome } from '../ledger-output.js';
import { localIngestion } from '../platform.js';
import { printJobResult } from './process.js';
import { parseNumberOption } from './seed.js';
import { printCycle, printUpkeep } from '../up/cycle-output.js';
import { appendMemoryLog } from '../up/memory-log.js';

interface UpOptions {
  interval: number;
  scan: number;
  upkeep: number;
  duration?: number;
  memoryLog?: string;
}

export function registerUp(program: Command, ctx: CommandContext): void {
  program
    .command('up')
    .description(
      'Keep the local platform running: ingest every new raw object into bronze (also ones other processes write), run silver, review_flat and gold on a schedule, and keep the tables small (compaction, snapshot expiry) on another. Stops on Ctrl-C.',
    )
    .option('--interval <seconds>', 'how often silver and gold run', parseNumberOption('--interval', false), 60)
    .option('--scan <seconds>', 'how often raw/ is scanned for objects written by other processes', parseNumberOption('--scan', false), 5)
    .option('--upkeep <seconds>', 'how often the tables are compacted and old snapshots expired, as `datamaster maintain` does with its defaults; 0 turns it off', parseNumberOption('--upkeep', false), 600)
    .option('--duration <seconds>', 'stop after this long (default: run until Ctrl-C)', parseNumberOption('--duration', false))
    .option('--memory-log <file>', "append a JSON line after every cycle and upkeep with this process's memory: RSS, V8 heap, Buffers and WebAssembly, DuckDB's pools")
    .action(async (options: UpOptions, command: Command) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      if (options.duration !== undefined) setTimeout(onSignal, options.duration * 1000).unref();
      try {
        const [{ RAW_PREFIX, tableOfRawKey }, { embeddedEngine, maintainTables }, { runProcessing }] = await Promise.all([
          import('@datamaster/lake-contract'),
          import('@datamaster/lakehouse'),
          import('@datamaster/processing'),
        ]);
        await withLakehouse(
          ctx,
          command,
          async (lakehouse, platform) => {
            const { colors } = ctx.output;
            const upkeepText = options.upkeep > 0 ? `, upkeep every ${options.upkeep} s` : ', no upkeep (--upkeep 0)';
            ctx.output.line(`${colors.green('●')} platform up: lake home ${platform.home.root}, ledger at ${platform.ledgerEndpoint.endpoint}`);
            ctx.output.line(`  ingesting new raw objects (scan every ${options.scan} s), silver → review_flat → gold every ${options.interval} s${upkeepText}. Ctrl-C to stop.`);
            const memoryLog = options.memoryLog === undefined ? undefined : resolve(ctx.streams.cwd, options.memoryLog);
            const logMemory = (after: string) => (memoryLog === undefined ? undefined : appendMemoryLog(memoryLog, after, lakehouse.session));
            const ingestion = await localIngestion(ctx, platform);
            ingestion.start();
            const seen = new Set<string>();
            const startedAt = new Date().toISOString();
            let nextProcessing = Date.now();
            let nextUpkeep = options.upkeep > 0 ? Date.now() + options.upkeep * 1000 : Infinity;
            let cycle = 0;
            let ingestedSinceCycle = 0;
            while (!stop.signal.aborted) {
              // Objects other processes wrote raise no in-process event; a listing finds them (registering is idempotent).
              for await (const object of platform.store.listAll(RAW_PREFIX)) {
                if (seen.has(object.key) || tableOfRawKey(object.key) === undefined) continue;
                seen.add(object.key);
                const record = await ingestion.ingestKey(object.key);
                ingestedSinceCycle += 1;
                // Objects ingested before this run started were reported then.
                if (record.updatedAt >= startedAt) printOutcome(ctx.output, record);
              }
              await ingestion.drain();
              if (Date.now() >= nextProcessing) {
                const started = performance.now();
                const run = await inTurn(ctx, platform, () => runProcessing(lakehouse.processing, embeddedEngine(lakehouse), { layers: 'all', onJobDone: (result) => result.status === 'committed' && printJobResult(ctx, result) }));
                for (const failure of run.failures) ctx.output.line(`${colors.red('✖')} ${failure.ref.padEnd(30)} ${failure.error}`);
                cycle += 1;
                printCycle(ctx.output, { cycle, rawObjects: ingestedSinceCycle, run, ms: performance.now() - started });
                await logMemory(`cycle ${cycle}`);
                ingestedSinceCycle = 0;
                nextProcessing = Date.now() + options.interval * 1000;
              }
              // Upkeep follows a processing cycle, never interrupts one, and waits its turn with other writers.
              if (Date.now() >= nextUpkeep && !stop.signal.aborted) {
                const started = performance.now();
                const results = await inTurn(ctx, platform, () => maintainTables(lakehouse));
                printUpkeep(ctx.output, results, performance.now() - started);
                await logMemory('upkeep');
                nextUpkeep = Date.now() + options.upkeep * 1000;
              }
              await sleep(Math.min(options.scan * 1000, Math.max(0, nextProcessing - Date.now())), undefined, { signal: stop.signal }).catch(() => undefined);
            }
            await ingestion.stop();
            ctx.output.line(`${colors.dim('●')} platform stopped`);
          },
          // Hours of cycles read each new file about once: DuckDB's file cache would only fill the budget.
          { cacheFiles: false },
        );
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
