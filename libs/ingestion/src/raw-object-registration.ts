// The raw-object registrar on AWS: S3's ObjectCreated events for raw/ (an EventBridge event, or a notification)
// become ledger records, and each new record starts one ingestion execution. The same registration runs locally in
// LocalIngestion; only the dispatch differs (Step Functions here, the local runner there).
import { SFNClient } from '@aws-sdk/client-sfn';
import type { ControlLedger } from '@datamaster/control-ledger';
import { parseS3EventNotification, type ObjectStore } from '@datamaster/storage';
import { z } from 'zod';
import { tableOfRawKey } from '@datamaster/lake-contract';
import { registerRawObject } from './register-raw-object.js';
import { startIngestionExecution } from './step-functions-dispatch.js';
import { ledgerOf, ledgerVariables, parseEnvironment, rawStoreOf, storeVariables } from './worker-environment.js';

export interface RawObjectRegistrar {
  /** The store the raw objects are in (the raw bucket on AWS): registration reads them, and their events name it. */
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

const registrarVariables = storeVariables.extend(ledgerVariables.shape).extend({ INGESTION_STATE_MACHINE_ARN: z.string().min(1) });

export function registrarFromEnvironment(environment: NodeJS.ProcessEnv = process.env): RawObjectRegistrar {
  const env = parseEnvironment(registrarVariables, environment, 'raw-object registrar');
  return { store: rawStoreOf(env), ledger: ledgerOf(env), stepFunctions: new SFNClient({}), stateMachineArn: env.INGESTION_STATE_MACHINE_ARN };
}

/** Registers every raw object of the event (EventBridge's or a notification) and starts an execution for the new ones. */
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
