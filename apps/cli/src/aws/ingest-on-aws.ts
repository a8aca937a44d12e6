// `datamaster ingest --target aws:<stage>`: the extract goes into the deployment's raw bucket under the same key a
// local ingest gives it; the deployed registrar and ingestion state machine take it from there, and the CLI follows
// its ledger record until the work ends.
import type { RawFormat } from '@datamaster/lake-contract/vocabulary';
import type { CommandContext } from '../context.js';
import { printOutcome } from '../ledger-output.js';
import { withAwsPlatform } from './with-aws-platform.js';

export interface AwsIngestRequest {
  readonly stage: string;
  readonly path: string;
  readonly table: string;
  readonly format?: RawFormat;
  readonly wait: boolean;
  readonly timeoutSeconds: number;
  readonly json?: boolean;
}

/** True when the work did not succeed. */
export async function ingestOnAws(ctx: CommandContext, request: AwsIngestRequest): Promise<boolean> {
  const [{ putBatchExtract }, { ledgerRecordId }, { awaitLedgerRecord, requireIngestion }] = await Promise.all([import('@datamaster/ingestion'), import('@datamaster/lake-contract'), import('@datamaster/aws-platform')]);
  return withAwsPlatform(ctx, request.stage, async ({ deployment, ledger, store }) => {
    requireIngestion(deployment);
    const landed = await putBatchExtract({ store, file: request.path, table: request.table, format: request.format });
    const recordId = ledgerRecordId('bronze', landed.key, landed.etag);
    const where = `s3://${deployment.rawBucket}/${landed.key}`;
    if (!request.wait) {
      if (request.json) ctx.output.json({ ...landed, bucket: deployment.rawBucket, recordId });
      else ctx.output.line(`${landed.created ? 'landed' : 'already in raw/ (same content)'}: ${where} (record ${recordId}; the registrar registers it and starts its ingestion)`);
      return false;
    }
    if (!request.json) ctx.output.line(`${landed.created ? 'landed' : 'already in raw/ (same content)'}: ${where}; waiting for its ledger record ${recordId}…`);
    const record = await awaitLedgerRecord(ledger, recordId, landed.key, {
      timeoutMs: request.timeoutSeconds * 1000,
      onStatus: (seen) => {
        if (request.json || seen === undefined) return;
        ctx.output.line(ctx.output.colors.dim(`  ${seen.status}${seen.computeTarget ? ` (${seen.computeTarget})` : ''}, attempt ${Math.max(seen.attempts, 1)}/${seen.maxAttempts}`));
      },
    });
    if (request.json) ctx.output.json(record);
    else printOutcome(ctx.output, record);
    return record.status !== 'succeeded';
  });
}
