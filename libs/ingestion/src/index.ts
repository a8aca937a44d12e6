export { ESTIMATE_SAMPLE_BYTES, estimateRecords, type RecordEstimate } from './estimate-records.js';
export { putBatchExtract, type PutBatchExtractOptions, type PutBatchExtractResult } from './put-batch-extract.js';
export {
  UnknownRawFormatError,
  UnknownSourceTableError,
  assertSourceTable,
  formatFromFileName,
  sourceTableNames,
} from './raw-objects.js';
export { NotARawObjectError, registerRawObject, type RegisterRawObjectResult } from './register-raw-object.js';
export { BronzeWorkFailedError, processRawObject, type BronzeWorkRequest, type BronzeWorkerContext } from './process-raw-object.js';
export { recordWorkerFailure, type WorkerFailurePayload } from './record-worker-failure.js';
