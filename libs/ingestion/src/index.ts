export { ESTIMATE_SAMPLE_BYTES, estimateRecords, type RecordEstimate } from './estimate-records.js';
