// convertToBronze: one raw object (gzip CSV extract or gzip NDJSON changes) into one bronze
// Parquet file, streaming. The main thread decompresses and types rows into column buffers; each
// full batch goes to the encoder thread as Arrow IPC while the next one is parsed, and the encoder
// writes a row group whenever rowGroupSize rows have arrived.
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { lakeManifest, type LakeManifest } from '@datamaster/lake-manifest';
import { arrowSchema } from './columns/arrow-schema.js';
import { RowSink } from './columns/row-sink.js';
import { CsvReader } from './csv/csv-reader.js';
import { FormatMismatchError, InvalidBronzeOptionError } from './errors.js';
import { RawInput } from './input/raw-input.js';
import { NdjsonReader } from './ndjson/ndjson-reader.js';
import { ParquetEncoder } from './parquet/parquet-encoder.js';
import { parquetSettings, type ParquetCompression } from './parquet/parquet-settings.js';
import { bronzePlan } from './plan/bronze-plan.js';
import { Quarantine } from './quarantine.js';
import type { BronzeFormat } from './sniff.js';

/** Rows per row group: ~16 MiB of column data for the review table, ~2 MiB of Parquet. */
export const DEFAULT_ROW_GROUP_SIZE = 128 * 1024;
/**
 * Rows per batch handed to the encoder thread. Smaller than a row group so that encoding starts
 * early and runs in step with parsing (measured: the encoder idles less, and its WebAssembly is
 * optimised sooner, since V8 tiers up a function between calls, not during one).
 */
const BATCH_ROWS = 64 * 1024;
/** Memory is bounded in bytes too: a batch, and a row group, close early when strings are long. */
const BATCH_STRING_BYTES = 32 * 1024 * 1024;
const ROW_GROUP_BYTES = 128 * 1024 * 1024;
const MAX_ROW_GROUP_SIZE = 1024 * 1024;
/** The largest single record held in memory; beyond it the file fails (usually an unterminated quote). */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

export interface ConvertToBronzeOptions {
  /** Lake table name, e.g. "review": bronze.<table> and source.<table> come from the manifest. */
  readonly table: string;
  readonly format: BronzeFormat;
  /** The gzip'd raw bytes (one or more gzip members). */
  readonly input: Readable;
  /** Stored in raw_object_key. */
  readonly rawObjectKey: string;
  /** Stored in ingested_at: the ledger's registration time, so reprocessing is byte-identical. */
  readonly ingestedAt: Date;
  /** change_ts of batch (CSV) rows: the extract time. */
  readonly batchChangeTs: Date;
  /** Key of the HMAC-SHA-256 tokens of PII columns. */
  readonly masking: { readonly key: Buffer };
  /** Receives the Parquet bytes as row groups complete; ended on success, destroyed (never finished) on failure. */
  readonly output: Writable;
  /** Receives one NDJSON line { line, reason, raw } per rejected row; ended on success, destroyed (never finished) on failure. */
  readonly quarantine: Writable;
  /** Rows per row group (bounds memory); default DEFAULT_ROW_GROUP_SIZE. */
  readonly rowGroupSize?: number;
  /** Default zstd: about 10% smaller files than snappy for a little more encoder time (see README). */
  readonly compression?: ParquetCompression;
  /** Called after each decompressed chunk with the data rows read so far. */
  readonly onProgress?: (rowsRead: number) => void;
  /** Defaults to the bundled lake manifest. */
  readonly manifest?: LakeManifest;
}

export interface BronzeConversionSummary {
  /** Data rows read (CSV records after the header, non-blank NDJSON lines). */
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly rowsQuarantined: number;
  /** Compressed bytes read. */
  readonly bytesIn: number;
  /** Parquet bytes written. */
  readonly bytesOut: number;
  /** sha256 hex of the raw gzip bytes. */
  readonly checksum: string;
}

function micros(option: string, date: Date): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidBronzeOptionError(option, date, 'a valid Date');
  return ms * 1000;
}

function validRowGroupSize(size: number | undefined): number {
  if (size === undefined) return DEFAULT_ROW_GROUP_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_ROW_GROUP_SIZE) throw new InvalidBronzeOptionError('rowGroupSize', size, `an integer from 1 to ${MAX_ROW_GROUP_SIZE}`);
  return size;
}

export async function convertToBronze(options: ConvertToBronzeOptions): Promise<BronzeConversionSummary> {
  const { format, output } = options;
  if (format !== 'csv' && format !== 'ndjson') throw new InvalidBronzeOptionError('format', format, '"csv" or "ndjson"');
  const rowGroupSize = validRowGroupSize(options.rowGroupSize);
  const ingestedAtMicros = micros('ingestedAt', options.ingestedAt);
  const changeTsMicros = micros('batchChangeTs', options.batchChangeTs);
  const plan = bronzePlan(options.manifest ?? lakeManifest(), options.table);
  const quarantine = new Quarantine(options.quarantine);
  const batches: [Uint8Array, number][] = [];
  let batchesSent = 0;
  const sink = new RowSink({
    plan,
    schema: arrowSchema(plan.fields),
    batchRows: Math.min(rowGroupSize, BATCH_ROWS),
    batchStringBytes: BATCH_STRING_BYTES,
    maskingKey: options.masking.key,
    rawObjectKey: options.rawObjectKey,
    ingestedAtMicros,
    quarantine,
    onBatch: (ipc, rows) => batches.push([ipc, rows]),
  });
  const reader = format === 'csv'
    ? new CsvReader({ sink, rawObjectKey: options.rawObjectKey, changeTsMicros, maxRecordBytes: MAX_RECORD_BYTES })
    : new NdjsonReader({ sink, rawObjectKey: options.rawObjectKey, maxRecordBytes: MAX_RECORD_BYTES });
  const sendBatches = async () => {
    for (let next = batches.shift(); next; next = batches.shift()) {
      await encoder.write(...next);
      batchesSent++;
    }
  };
  const raw = new RawInput(options.input, options.rawObjectKey);
  // Started last, so that nothing above can throw and leave the thread running.
  const encoder = new ParquetEncoder(output, parquetSettings(plan.fields, rowGroupSize, ROW_GROUP_BYTES, options.compression ?? 'zstd'), plan.ref);
  // A destination that fails (a full disk, an aborted upload) fails the conversion at the next chunk.
  let destinationError: Error | undefined;
  const onDestinationError = (error: Error) => (destinationError ??= error);
  output.on('error', onDestinationError);
  options.quarantine.on('error', onDestinationError);
  try {
    let first = true;
    for await (const chunk of raw.chunks()) {
      if (first) checkDeclaredFormat(chunk, format, options.table);
      first = false;
      reader.push(chunk);
      await sendBatches();
      await quarantine.drain();
      if (destinationError) throw destinationError;
      options.onProgress?.(reader.rowsIn);
    }
    reader.end();
    if (sink.batch.row > 0 || batchesSent + batches.length === 0) sink.flush();
    await sendBatches();
    const bytesOut = await encoder.finish();
    output.end();
    options.quarantine.end();
    await Promise.all([finished(output), finished(options.quarantine)]);
    return { rowsIn: reader.rowsIn, rowsOut: sink.rowsOut, rowsQuarantined: quarantine.count, bytesIn: raw.bytesIn, bytesOut, checksum: raw.checksum };
  } catch (error) {
    await encoder.abort();
    // Destroyed without finishing, so no consumer takes a partial file for a complete one; the
    // error itself is this promise's (an error event would crash a caller that listens for none).
    output.destroy();
    options.quarantine.destroy();
    throw error;
  }
}

/** The cheap half of sniffFormat: JSON starts with "{", a CSV header never does. */
function checkDeclaredFormat(chunk: Buffer, format: BronzeFormat, table: string): void {
  const looksLikeJson = chunk.toString('latin1', 0, Math.min(chunk.length, 1024)).trimStart().startsWith('{');
  if (looksLikeJson !== (format === 'ndjson')) throw new FormatMismatchError(format, looksLikeJson ? 'ndjson' : 'csv', table);
}
