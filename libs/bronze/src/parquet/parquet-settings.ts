// How each column is laid out in Parquet, chosen by type from measurements on the review extract
// (1.5M rows, parquet-wasm): dictionary encoding of high-cardinality integers costs seconds for no
// gain; delta-encoded integers and byte-stream-split doubles give files as small as dictionaries
// do (+1%) at the lowest encoder time. Strings stay dictionary-encoded (they arrive as Arrow
// dictionaries). Plain data: it crosses to the worker.
import type { ColumnarField } from '@datamaster/lake-manifest';

export type ParquetCompression = 'zstd' | 'snappy';

export interface ParquetColumnSettings {
  readonly name: string;
  readonly dictionary: boolean;
  /** The encoding when the column is not dictionary-encoded (or its dictionary overflows). */
  readonly encoding?: 'DELTA_BINARY_PACKED' | 'BYTE_STREAM_SPLIT';
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
      return { name: field.name, dictionary: false };
    case 'Float64':
      return { name: field.name, dictionary: false, encoding: 'BYTE_STREAM_SPLIT' };
    case 'Utf8':
      return { name: field.name, dictionary: true };
  }
}

export function parquetSettings(fields: readonly ColumnarField[], rowGroupSize: number, rowGroupBytes: number, compression: ParquetCompression): ParquetSettings {
  return { compression, rowGroupSize, rowGroupBytes, columns: fields.map(columnSettings) };
}
