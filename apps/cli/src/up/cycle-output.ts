// `datamaster up`'s one line per processing cycle and per upkeep: what a person watching it (or a soak benchmark
// reading its output) needs to see that the platform keeps up — how long each cycle takes and what it did.
import type { TableMaintenance } from '@datamaster/lakehouse';
import type { ProcessingRun } from '@datamaster/processing';
import type { Output } from '../io.js';

export interface CycleFacts {
  readonly cycle: number;
  /** Raw objects handed to ingestion since the previous cycle. */
  readonly rawObjects: number;
  readonly run: ProcessingRun;
  readonly ms: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printCycle(output: Output, facts: CycleFacts): void {
  const committed = facts.run.results.filter((r) => r.status === 'committed');
  const rows = committed.reduce((sum, r) => sum + r.rowsIn, 0);
  const failed = facts.run.failures.length > 0 ? `, ${facts.run.failures.length} failed` : '';
  output.line(
    `${output.colors.cyan('●')} cycle ${facts.cycle}: ${facts.rawObjects} raw object(s) in, ${committed.length} table(s) committed (${rows.toLocaleString('en-US')} rows in)${failed}, ${seconds(facts.ms)}`,
  );
}

export function printUpkeep(output: Output, results: readonly TableMaintenance[], ms: number): void {
  const sum = (pick: (r: TableMaintenance) => number) => results.reduce((total, r) => total + pick(r), 0);
  output.line(
    `${output.colors.cyan('●')} upkeep: ${sum((r) => r.filesCompacted)} file(s) compacted into ${sum((r) => r.filesAdded)}, ${sum((r) => r.snapshotsExpired)} snapshot(s) expired, ${sum((r) => r.orphansDeleted)} orphan file(s) deleted, ${seconds(ms)}`,
  );
}
