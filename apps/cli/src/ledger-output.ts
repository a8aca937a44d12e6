// How ledger records read on a terminal: one line per record, the reason when it failed.
import type { LedgerRecord } from '@datamaster/lake-contract';
import type { Output } from './io.js';
import { formatTable } from './io.js';

const count = (n: number | undefined) => (n === undefined ? '-' : n.toLocaleString('en-US'));

export function statusText(output: Output, status: LedgerRecord['status']): string {
  const { colors } = output;
  if (status === 'succeeded') return colors.green(status);
  if (status === 'failed') return colors.yellow(status);
  if (status === 'dead') return colors.red(status);
  return status;
}

/** One record's outcome, as `ingest` and `reprocess` print it. */
export function printOutcome(output: Output, record: LedgerRecord): void {
  const seconds = record.durationMs === undefined ? '' : ` in ${(record.durationMs / 1000).toFixed(1)} s`;
  output.line(`${record.objectKey}: ${statusText(output, record.status)} (attempt ${record.attempts}/${record.maxAttempts}${record.computeTarget ? `, ${record.computeTarget}` : ''})${seconds}`);
  output.line(`  rows in ${count(record.rowsIn)}, out ${count(record.rowsOut)}, quarantined ${count(record.rowsQuarantined)}`);
  for (const key of record.outputKeys ?? []) output.line(`  → ${key}`);
  if (record.quarantineKey) output.line(`  quarantine: ${record.quarantineKey}`);
  if (record.status !== 'succeeded' && record.lastError) output.line(`  error: ${record.lastError.message}`);
  if (record.status === 'failed' && record.nextAttemptAt) output.line(`  next attempt after ${record.nextAttemptAt}`);
  if (record.status === 'dead') output.line(`  re-drive it with: datamaster reprocess ${record.recordId}`);
}

export function printRecordTable(output: Output, records: readonly LedgerRecord[]): void {
  const rows = records.map((r) => [
    r.recordId,
    r.layer,
    r.table,
    statusText(output, r.status),
    `${r.attempts}/${r.maxAttempts}`,
    r.computeTarget ?? '-',
    count(r.rowsIn),
    count(r.rowsOut),
    count(r.rowsQuarantined),
    r.objectKey,
    r.status === 'succeeded' ? '' : (r.lastError?.message.split('\n')[0]?.slice(0, 80) ?? ''),
  ]);
  output.line(formatTable(['record', 'layer', 'table', 'status', 'tries', 'target', 'in', 'out', 'quar.', 'object', 'last error'], rows));
}
