// How delivery failures read on a terminal: a stream's summary with why its changes failed, and the
// error output that status reports. Each failure says what is wrong; the records stay under errors/.
// Types only: commands import this at start-up and load the libraries when they run.
import type { DeliveryErrorSummary, DeliveryFailure, DeliveryStats } from '@datamaster/cdc';
import type { Output } from './io.js';

/** A stream's totals, then the failures the delivery stream listed and how many more there are, all kept under `keptUnder`. */
export function printDeliverySummary(output: Output, stats: DeliveryStats, keptUnder: string): void {
  output.line(`changes in ${stats.recordsIn}, routed ${stats.routed}, failed ${stats.failed}, raw objects written ${stats.objectsWritten}`);
  if (stats.failed === 0) return;
  output.line(output.colors.yellow(`failed changes, kept with their reasons under ${keptUnder}:`));
  for (const failure of stats.failures) output.line(`  ${failureText(failure)}`);
  const unlisted = stats.failed - stats.failures.length;
  if (unlisted > 0) output.line(`  … and ${unlisted} more; all are kept under ${keptUnder}`);
}

function failureText({ line, table, problem }: DeliveryFailure): string {
  const where = [line === undefined ? undefined : `line ${line}`, table].filter((part) => part !== undefined);
  return where.length === 0 ? problem : `${where.join(', ')}: ${problem}`;
}

/** What the error output holds: counts per error kind and table, then the newest records with their reasons. */
export function printDeliveryErrors(output: Output, errors: DeliveryErrorSummary): void {
  if (errors.records === 0) return;
  const outputs = errors.outputs.map((o) => `${o.records} record(s) in ${o.objects} object(s) under ${o.prefix}`).join('; ');
  const tables = errors.tables.map((t) => `${t.table ?? 'no table named'} ${t.records}`).join(', ');
  output.line(output.colors.yellow(`\ndelivery errors: ${outputs} (by table: ${tables})`));
  output.line(`newest ${errors.newest.length}:`);
  for (const error of errors.newest) {
    output.line(`  ${error.reason ?? 'no reason stored with this record'}`);
    output.line(`    in ${error.objectKey} (${error.storedAt})`);
  }
}
