import { ControlLedger } from './control-ledger.js';
import type { BackoffOptions } from '@datamaster/lake-contract';

export interface OpenLedgerOptions {
  readonly tableName: string;
  /** An embedded DynamoDB-API server's endpoint; omitted on AWS. */
  readonly endpoint?: string;
  /** Omitted: the SDK's default (AWS_REGION, profile). */
  readonly region?: string;
  /** Static credentials (the embedded server accepts any); omitted: the SDK's default provider chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly clock?: () => Date;
  readonly backoff?: BackoffOptions;
}

/**
 * A ledger with its own client, its table created if missing; close() it when done. For the embedded server,
 * pass what startEmbeddedDynamo() returned: `openLedger({ ...server, tableName })`.
 */
export async function openLedger(options: OpenLedgerOptions): Promise<ControlLedger> {
  const { tableName, endpoint, region, credentials, clock, backoff } = options;
  const ledger = new ControlLedger({ client: { endpoint, region, credentials }, tableName, clock, backoff });
  try {
    await ledger.ensureTable();
    return ledger;
  } catch (error) {
    ledger.close();
    throw error;
  }
}
