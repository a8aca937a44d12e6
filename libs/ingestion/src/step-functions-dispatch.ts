// On AWS the raw-object registrar starts one ingestion execution per newly registered raw object.
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { LedgerRecord } from '@datamaster/lake-contract';

/** The ingestion state machine's input: what its Choice and Tasks read. */
export function ingestionInput(record: LedgerRecord): Record<string, string | number> {
  return { recordId: record.recordId, table: record.table, objectKey: record.objectKey, estimatedRecords: record.estimatedRecords ?? 0 };
}

/**
 * Starts the execution under a name derived from the record and its attempt, so a re-delivered S3
 * event cannot start a second execution for the same work (Step Functions refuses the name).
 */
export async function startIngestionExecution(client: SFNClient, stateMachineArn: string, record: LedgerRecord): Promise<{ started: boolean }> {
  const name = `${record.recordId}-${record.attempts + 1}`.slice(0, 80);
  try {
    await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(ingestionInput(record)) }));
    return { started: true };
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return { started: false };
    throw error;
  }
}
