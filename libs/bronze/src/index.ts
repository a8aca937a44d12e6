export {
  convertToBronze,
  DEFAULT_ROW_GROUP_SIZE,
  MAX_RECORD_BYTES,
  type BronzeConversionSummary,
  type ConvertToBronzeOptions,
} from './convert.js';
export { sniffFormat, type BronzeFormat, type SniffOptions } from './sniff.js';
export { QUARANTINE_RAW_BYTES, type QuarantineEntry } from './quarantine.js';
export type { ParquetCompression } from './parquet/parquet-settings.js';
export {
  CorruptRawObjectError,
  CsvHeaderMismatchError,
  EmptyRawObjectError,
  FormatMismatchError,
  InvalidBronzeOptionError,
  ParquetEncodingError,
  RecordTooLargeError,
  UnsupportedBronzeColumnError,
} from './errors.js';
