import type { BronzeWorkerContext } from '@datamaster/ingestion';
import { workerContextFromEnvironment } from '@datamaster/ingestion/aws';

let context: Promise<BronzeWorkerContext> | undefined;

/** Built once per container: warm Lambda invocations reuse the clients and the masking key. */
export function workerContext(): Promise<BronzeWorkerContext> {
  context ??= workerContextFromEnvironment();
  return context;
}
