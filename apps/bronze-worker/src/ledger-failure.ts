// The state machine's RecordFailure task: records the failure of a worker that could not. It needs the ledger only,
// so its role holds neither the lake nor the masking key.
import { recordWorkerFailure, type WorkerFailurePayload } from '@datamaster/ingestion';
import { ledgerFromEnvironment } from '@datamaster/ingestion/aws';

/** Built once per container. */
let ledger: ReturnType<typeof ledgerFromEnvironment> | undefined;

export async function handler(event: WorkerFailurePayload & { readonly executionId: string }) {
  ledger ??= ledgerFromEnvironment();
  return { recorded: await recordWorkerFailure(ledger, event, event.executionId) };
}
