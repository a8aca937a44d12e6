// The state machine's RecordFailure task: records the failure of a worker that could not.
import { recordWorkerFailure, type WorkerFailurePayload } from '@datamaster/ingestion';
import { workerContext } from './context.js';

export async function handler(event: WorkerFailurePayload & { readonly executionId: string }) {
  return { recorded: await recordWorkerFailure((await workerContext()).ledger, event, event.executionId) };
}
