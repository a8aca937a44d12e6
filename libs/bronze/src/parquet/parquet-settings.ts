// How each column is laid out in Parquet, chosen by type from measurements on the review extract
// (1.5M rows, parquet-wasm): dictionary encoding of high-cardinality integers costs seconds for no
// gain; delta-encoded integers give files as small as dictionaries do at the lowest encoder time.
// Doubles are PLAIN: byte-stream-split was as small, but Spark 3.5 (EMR 7's) cannot read it
// ("Unsupported encoding: BYTE_STREAM_SPLIT"), and bronze must be readable by the Spark jobs.
// Strings stay dictionary-encoded (they arrive as Arrow dictionaries). Plain data: it crosses to the worker.
import type { ColumnarField } from '@datamaster/lake-manifest';

export type ParquetCompression = 'zstd' | 'snappy';

export interface ParquetColumnSettings {
  readonly name: string;
  readonly dictionary: boolean;
  /** The encoding when the column is not dictionary-encoded (or its dictionary overflows). */
  readonly encoding?: 'DELTA_BINARY_PACKED';
}

export interface ParquetSettings {
  readonly compression: ParquetCompression;
  /** Rows per row group; the writer gathers the reader's batches into groups of this size. */
  readonly rowGroupSize: number;
  /** A row group is also closed once it holds this many bytes (long strings). */
  readonly rowGroupBytes: number;
  readonly columns: readonly ParquetColumnSettings[];
}

function columnSettings(field: ColumnarField): ParquetColumnSettings {
  switch (field.arrow.typeId) {
    case 'Int32':
    case 'Int64':
    case 'Date32':
    case 'Timestamp':
      return { name: field.name, dictionary: false, encoding: 'DELTA_BINARY_PACKED' };
    case 'Bool':
    case 'Float64':
      return { name: field.name, dictionary: false };
    case 'Utf8':
      return { name: field.name, dictionary: true };
  }
}

export function parquetSettings(fields: readonly ColumnarField[], rowGroupSize: number, rowGroupBytes: number, compression: ParquetCompression): ParquetSettings {
  return { compression, rowGroupSize, rowGroupBytes, columns: fields.map(columnSettings) };
}
