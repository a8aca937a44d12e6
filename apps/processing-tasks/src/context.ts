import type { ProcessingContext } from '@datamaster/processing';
import { processingContextFromEnvironment } from '@datamaster/processing/aws';

let context: ProcessingContext | undefined;

/** Built once per container: warm invocations reuse the DynamoDB, Glue and S3 clients. */
export function taskContext(): ProcessingContext {
  context ??= processingContextFromEnvironment().context;
  return context;
}
