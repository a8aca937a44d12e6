// `datamaster ingest` on AWS: the extract is put into the raw bucket; S3's event reaches the registrar, which
// registers it in the ledger and starts its ingestion execution. The CLI knows the record's id (a function of the
// object version) and follows it in the ledger until its work ends.
import type { ControlLedger } from '@datamaster/control-ledger';
import type { LedgerRecord, LedgerStatus } from '@datamaster/lake-contract';

/** Where a record's work stops until someone re-drives it. */
const SETTLED: readonly LedgerStatus[] = ['succeeded', 'failed', 'dead'];

export class LedgerWaitTimeoutError extends Error {
  override readonly name = 'LedgerWaitTimeoutError';
}

export interface AwaitRecordOptions {
  readonly timeoutMs: number;
  readonly pollMs?: number;
  /** Each status the record is seen in (undefined: not registered yet), once per change. */
  readonly onStatus?: (record: LedgerRecord | undefined) => void;
}

export async function awaitLedgerRecord(ledger: ControlLedger, recordId: string, objectKey: string, options: AwaitRecordOptions): Promise<LedgerRecord> {
  const deadline = Date.now() + options.timeoutMs;
  let seen: string | undefined = 'none';
  for (;;) {
    const record = await ledger.get(recordId);
    const state = record === undefined ? undefined : `${record.status}/${record.attempts}`;
    if (state !== seen) {
      seen = state;
      options.onStatus?.(record);
    }
    if (record !== undefined && SETTLED.includes(record.status)) return record;
    if (Date.now() >= deadline) {
      const seconds = Math.round(options.timeoutMs / 1000);
      throw new LedgerWaitTimeoutError(
        record === undefined
          ? `${objectKey} was not registered within ${seconds} s: no ledger record ${recordId}. Check that the raw bucket sends its events to EventBridge and the registrar's dead-letter queue; the object stays in raw/.`
          : `${objectKey} is still ${record.status} after ${seconds} s (record ${recordId}); \`datamaster status --target …\` follows it.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  }
}
