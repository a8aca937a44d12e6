import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { RAW_FORMATS, type RawFormat } from '@datamaster/lake-contract/vocabulary';
import type { IngestionCompute } from '@datamaster/lake-contract';
import type { CommandContext } from '../context.js';
import { printOutcome } from '../ledger-output.js';
import { ecsTaskProcesses, localIngestion, withPlatform } from '../platform.js';
import { ingestOnAws } from '../aws/ingest-on-aws.js';
import { parseNumberOption } from './seed.js';

interface IngestOptions {
  table: string;
  format?: RawFormat;
  wait: boolean;
  timeout: number;
  json?: boolean;
}

export function registerIngest(program: Command, ctx: CommandContext): void {
  program
    .command('ingest')
    .description('Put a batch extract (.csv.gz or NDJSON .gz) into raw/ and, unless --no-wait, run it through ingestion and print its ledger outcome.')
    .argument('<file>', 'the gzip extract')
    .requiredOption('--table <table>', 'the source table it holds, e.g. review')
    .addOption(new Option('--format <format>', 'declare the format (default: from the .csv.gz / .ndjson.gz name)').choices(RAW_FORMATS))
    .option('--no-wait', 'only land the file in raw/ and register it (pending)')
    .option('--timeout <seconds>', 'with --target aws:<stage>: how long to wait for the deployed platform to ingest it', parseNumberOption('--timeout', false), 900)
    .option('--json', 'print the ledger record as JSON')
    .action(async (file: string, options: IngestOptions, command: Command) => {
      const target = ctx.target(command);
      if (target.kind === 'aws') {
        const failed = await ingestOnAws(ctx, { stage: target.stage, path: resolve(ctx.streams.cwd, file), table: options.table, ...(options.format ? { format: options.format } : {}), wait: options.wait, timeoutSeconds: options.timeout, json: options.json });
        if (failed) throw new Error('ingestion did not succeed (see the ledger record above)');
        return;
      }
      const [{ estimateRecords, formatFromFileName, putBatchExtract, registerRawObject }, { ingestionCompute }, { initLakeHome }, { openObjectStore }] = await Promise.all([
        import('@datamaster/ingestion'),
        import('@datamaster/lake-contract'),
        import('@datamaster/lake-home'),
        import('@datamaster/storage'),
      ]);
      const path = resolve(ctx.streams.cwd, file);
      const { home } = initLakeHome(ctx.homeDir(command));
      // An extract that the state machine will send to the ECS task gets its task process started now: it loads and
      // connects while this process lands and registers the extract, instead of after.
      const ecsTasks = options.wait ? ecsTaskProcesses(ctx, home.root) : undefined;
      const format = options.format ?? formatFromFileName(path);
      if (ecsTasks && format && (await computeFor(ingestionCompute, estimateRecords, path, format === 'csv')) === 'ecs') ecsTasks.prestart();
      // The extract is hashed and copied into raw/ while the platform opens (its ledger server may be starting, in a
      // process of its own): landing needs only the object store. The ingestion runtime loads meanwhile too.
      const store = openObjectStore(home.storageUri);
      const landing = putBatchExtract({ store, file: path, table: options.table, format: options.format }).finally(() => store.close());
      landing.catch(() => undefined); // awaited below, unless opening the platform fails first
      if (options.wait) void import('@datamaster/ingestion/local');
      const failed = await withPlatform(ctx, command, async (platform) => {
        const landed = await landing;
        if (!options.wait) {
          // Registered as the object-created trigger would: pending work that the platform runs next.
          const { record } = await registerRawObject(platform.store, platform.ledger, landed.key);
          if (options.json) ctx.output.json({ ...landed, record });
          else ctx.output.line(`${landed.created ? 'landed' : 'already in raw/ (same content)'}: ${landed.key} (ledger: ${record.status}, record ${record.recordId})`);
          return false;
        }
        if (!landed.created && !options.json) ctx.output.line(`already in raw/ (same content): ${landed.key}`);
        const record = await (await localIngestion(ctx, platform, ecsTasks)).ingestKey(landed.key);
        if (options.json) ctx.output.json(record);
        else printOutcome(ctx.output, record);
        return record.status !== 'succeeded';
      }).finally(() => ecsTasks?.close());
      if (failed) throw new Error('ingestion did not succeed (see the ledger record above)');
    });
}

/** Where the state machine will send the extract, from the ledger's own estimate taken on the local file; undefined when it cannot be read. */
async function computeFor(
  rule: typeof import('@datamaster/lake-contract').ingestionCompute,
  estimate: typeof import('@datamaster/ingestion').estimateRecords,
  path: string,
  hasHeader: boolean,
): Promise<IngestionCompute | undefined> {
  try {
    const { size } = await stat(path);
    return rule({ estimatedRecords: (await estimate(createReadStream(path), { objectSize: size, hasHeader })).records, objectSize: size });
  } catch {
    return undefined; // putBatchExtract reports a missing or unreadable file
  }
}
