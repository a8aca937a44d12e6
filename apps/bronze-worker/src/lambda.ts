// The bronze worker as a Lambda function: the ingestion state machine invokes it for objects of
// up to 100,000 estimated records. A failed conversion is recorded in the ledger and rethrown, so
// the execution takes its Catch path.
import { processRawObject } from '@datamaster/ingestion';
import { workerContext } from './context.js';

export interface BronzeLambdaEvent {
  readonly recordId: string;
  readonly computeTarget?: string;
  readonly executionId?: string;
}

export async function handler(event: BronzeLambdaEvent, lambdaContext?: { awsRequestId?: string }) {
  const owner = event.executionId ?? lambdaContext?.awsRequestId ?? `lambda-${process.pid}`;
  const done = await processRawObject(await workerContext(), { recordId: event.recordId, owner, computeTarget: event.computeTarget ?? 'lambda', executionId: event.executionId });
  return { recordId: done.recordId, status: done.status, rowsOut: done.rowsOut ?? 0, rowsQuarantined: done.rowsQuarantined ?? 0 };
}
