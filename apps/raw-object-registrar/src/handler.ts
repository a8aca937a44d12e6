// The raw-object registrar Lambda: S3 object-created events for raw/ (EventBridge's, or notifications) → one
// ledger record per object version → one ingestion execution per new record.
import { handleObjectCreated, registrarFromEnvironment, type RawObjectRegistrar } from '@datamaster/ingestion/aws';

let registrar: RawObjectRegistrar | undefined;

export async function handler(event: unknown) {
  registrar ??= registrarFromEnvironment();
  const outcomes = await handleObjectCreated(registrar, event);
  console.log(JSON.stringify({ level: 'info', outcomes }));
  return outcomes;
}
