// The processing controller Lambda: S3 ObjectCreated notifications for the lake bucket's raw/
// prefix → one ledger record per object version → one ingestion execution per new record.
import { controllerFromEnvironment, handleObjectCreated, type ProcessingController } from '@datamaster/ingestion';

let controller: ProcessingController | undefined;

export async function handler(event: unknown) {
  controller ??= controllerFromEnvironment();
  const outcomes = await handleObjectCreated(controller, event);
  console.log(JSON.stringify({ level: 'info', outcomes }));
  return outcomes;
}
