// The raw-object registrar on AWS: S3 ObjectCreated notifications for raw/ become ledger records,
// and each new record starts one ingestion execution. The same registration runs locally in
// LocalIngestion; only the dispatch differs (Step Functions here, the local runner there).
import { SFNClient } from '@aws-sdk/client-sfn';
import { ControlLedger } from '@datamaster/control-ledger';
import { openObjectStore, parseS3EventNotification, type ObjectStore } from '@datamaster/storage';
import { z } from 'zod';
import { tableOfRawKey } from '@datamaster/lake-contract';
import { registerRawObject } from './register-raw-object.js';
import { startIngestionExecution } from './step-functions-dispatch.js';
import { WorkerEnvironmentError } from './worker-environment.js';

export interface RawObjectRegistrar {
  readonly store: ObjectStore;
  readonly ledger: ControlLedger;
  readonly stepFunctions: Pick<SFNClient, 'send'>;
  readonly stateMachineArn: string;
}

export interface RegistrationOutcome {
  readonly key: string;
  readonly recordId: string;
  readonly created: boolean;
  readonly executionStarted: boolean;
}

const registrarEnvironment = z.object({ LAKE_URI: z.string().min(1), LEDGER_TABLE: z.string().min(1), INGESTION_STATE_MACHINE_ARN: z.string().min(1) });

export function registrarFromEnvironment(environment: NodeJS.ProcessEnv = process.env): RawObjectRegistrar {
  const parsed = registrarEnvironment.safeParse(environment);
  if (!parsed.success) throw new WorkerEnvironmentError(`The raw-object registrar's environment is incomplete: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  return {
    store: openObjectStore(parsed.data.LAKE_URI),
    ledger: new ControlLedger({ client: {}, tableName: parsed.data.LEDGER_TABLE }),
    stepFunctions: new SFNClient({}),
    stateMachineArn: parsed.data.INGESTION_STATE_MACHINE_ARN,
  };
}

/** Registers every raw object of the notification and starts an execution for the new ones. */
export async function handleObjectCreated(registrar: RawObjectRegistrar, notification: unknown): Promise<RegistrationOutcome[]> {
  const outcomes: RegistrationOutcome[] = [];
  for (const event of parseS3EventNotification(notification, registrar.store.uri)) {
    if (!tableOfRawKey(event.key)) continue;
    const { record, created } = await registerRawObject(registrar.store, registrar.ledger, event.key);
    const { started } = record.status === 'pending' ? await startIngestionExecution(registrar.stepFunctions as SFNClient, registrar.stateMachineArn, record) : { started: false };
    outcomes.push({ key: event.key, recordId: record.recordId, created, executionStarted: started });
  }
  return outcomes;
}
