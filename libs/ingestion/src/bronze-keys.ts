// Where a raw object's bronze output goes. Deterministic from the ledger record, so processing the
// same object again replaces its output instead of adding a second copy.
import { posix } from 'node:path';
import type { LedgerRecord } from '@datamaster/control-ledger';

function stem(objectKey: string): string {
  return posix.basename(objectKey).replace(/(\.(csv|ndjson|jsonl|json))?\.gz$/i, '');
}

/** The day the object was registered (UTC): bronze's ingest_date partition. */
export function ingestDate(record: Pick<LedgerRecord, 'registeredAt'>): string {
  return record.registeredAt.slice(0, 10);
}

export function bronzeObjectKey(record: Pick<LedgerRecord, 'table' | 'objectKey' | 'registeredAt'>): string {
  return `bronze/${record.table}/ingest_date=${ingestDate(record)}/${stem(record.objectKey)}.parquet`;
}

export function quarantineObjectKey(record: Pick<LedgerRecord, 'table' | 'objectKey' | 'registeredAt'>): string {
  return `quarantine/${record.table}/ingest_date=${ingestDate(record)}/${stem(record.objectKey)}.ndjson`;
}
