import { Option, type Command } from 'commander';
import type { ControlLedger } from '@datamaster/control-ledger';
import type { LedgerRecord } from '@datamaster/lake-contract';
import type { ObjectStore } from '@datamaster/storage';
import { CATALOG_LAYERS, LEDGER_STATUSES, type CatalogLayer, type LedgerStatus } from '@datamaster/lake-contract/vocabulary';
import type { CommandContext } from '../context.js';
import { printDeliveryErrors } from '../delivery-output.js';
import { printRecordTable } from '../ledger-output.js';
import { withPlatform } from '../platform.js';
import { withAwsPlatform } from '../aws/with-aws-platform.js';

/** How many of the newest delivery errors status shows with their reasons. */
const NEWEST_DELIVERY_ERRORS = 5;

interface StatusOptions {
  table?: string;
  status?: LedgerStatus;
  layer: CatalogLayer;
  limit: number;
  json?: boolean;
}

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description('Show the control ledger: records per status, then each record (newest first) with its counts and last error; then the delivery errors under errors/.')
    .option('--table <table>', 'only this table')
    .addOption(new Option('--status <status>', 'only this status').choices(LEDGER_STATUSES))
    .addOption(new Option('--layer <layer>', 'the layer the work produces').choices(CATALOG_LAYERS).default('bronze'))
    .option('--limit <n>', 'records to list at most', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'print counts and records as JSON')
    .action(async (options: StatusOptions, command: Command) => {
      const target = ctx.target(command);
      if (target.kind === 'aws') await withAwsPlatform(ctx, target.stage, (platform) => showStatus(ctx, options, platform));
      else await withPlatform(ctx, command, (platform) => showStatus(ctx, options, platform));
    });
}

/** The ledger's work and the delivery errors, from the local platform or a deployment on AWS. */
async function showStatus(ctx: CommandContext, options: StatusOptions, { ledger, store }: { ledger: ControlLedger; store: ObjectStore }): Promise<void> {
  const [{ CONTROL_PREFIX, heldWork }, { lakeManifest, tablesInLayer }, { readDeliveryErrors }] = await Promise.all([
    import('@datamaster/lake-contract'),
    import('@datamaster/lake-manifest'),
    import('@datamaster/cdc'),
  ]);
  const counts = await ledger.counts({ layer: options.layer });
  const tables = options.table ? [options.table] : tablesInLayer(lakeManifest(), options.layer).map((t) => t.name);
  const records: LedgerRecord[] = [];
  for (const table of tables) {
    let cursor: string | undefined;
    do {
      const page = await ledger.list({ table, layer: options.layer, status: options.status, limit: Math.min(options.limit, 1000), cursor });
      records.push(...page.records);
      cursor = records.length < options.limit ? page.cursor : undefined;
    } while (cursor);
  }
  records.sort((a, b) => b.registeredAt.localeCompare(a.registeredAt));
  const shown = records.slice(0, options.limit);
  const schemaChanges: string[] = [];
  for await (const object of store.listAll(CONTROL_PREFIX)) schemaChanges.push(object.key);
  const deliveryErrors = await readDeliveryErrors(store, { newest: NEWEST_DELIVERY_ERRORS });
  if (options.json) {
    ctx.output.json({ layer: options.layer, counts, waiting: counts.pending + counts.failed + counts.running, held: heldWork(records), records: shown, schemaChanges, deliveryErrors });
    return;
  }
  ctx.output.line(`${options.layer} work: ${Object.entries(counts).map(([status, n]) => `${n} ${status}`).join(', ')}`);
  const waiting = counts.pending + counts.failed + counts.running;
  const held = heldWork(records).map((h) => `${h.records} leased by ${h.owner} until ${h.until}`);
  ctx.output.line(`waiting: ${waiting}${held.length > 0 ? ` (${held.join('; ')})` : ''}`);
  if (shown.length > 0) {
    ctx.output.line();
    printRecordTable(ctx.output, shown);
  }
  if (schemaChanges.length > 0) ctx.output.line(`\nschema changes recorded from CDC control records: ${schemaChanges.length} object(s) under raw/_control/`);
  printDeliveryErrors(ctx.output, deliveryErrors);
}
