// On AWS the raw-object registrar starts one ingestion execution per newly registered raw object.
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ingestionInput, type LedgerRecord } from '@datamaster/lake-contract';

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
