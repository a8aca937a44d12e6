export { ESTIMATE_SAMPLE_BYTES, estimateRecords, type RecordEstimate } from './estimate-records.js';
export { putBatchExtract, type PutBatchExtractOptions, type PutBatchExtractResult } from './put-batch-extract.js';
export {
  RAW_FORMATS,
  RAW_METADATA,
  RAW_PREFIX,
  UnknownRawFormatError,
  UnknownSourceTableError,
  assertSourceTable,
  batchObjectKey,
  formatFromFileName,
  sourceTableNames,
  tableOfRawKey,
  type RawFormat,
} from './raw-objects.js';
