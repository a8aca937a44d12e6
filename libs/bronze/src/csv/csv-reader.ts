// Batch extracts: a header row naming the source columns, then one record per row. Each record
// becomes a bronze row with op "load", the extract time as change_ts, no transaction id and its
// 1-based data row number as change_seq; a record that cannot be typed goes to the quarantine.
import { CsvHeaderMismatchError } from '../errors.js';
import { TEXT, type CellWriter } from '../columns/cell-writers.js';
import type { RowSink } from '../columns/row-sink.js';
import type { SourceColumnPlan } from '../plan/bronze-plan.js';
import { CsvScanner, QUOTED_ESCAPED, UNQUOTED, type CsvRecord } from './csv-scanner.js';

const QUOTE = 0x22;
const BOM = '\uFEFF';

export interface CsvReaderOptions {
  readonly sink: RowSink;
  readonly rawObjectKey: string;
  readonly changeTsMicros: number;
  readonly maxRecordBytes: number;
}

export class CsvReader {
  /** Data records seen, quarantined ones included. */
  rowsIn = 0;
  private readonly scanner: CsvScanner;
  /** For each field, in the header's order: its source column and writer; undefined until the header is read. */
  private fields: { readonly columns: readonly SourceColumnPlan[]; readonly writers: readonly CellWriter[] } | undefined;
  private scratch = Buffer.alloc(4096);
  private readonly onRecord = (record: CsvRecord): void => (this.fields ? this.row(record, this.fields.columns, this.fields.writers) : this.header(record));

  constructor(private readonly options: CsvReaderOptions) {
    this.scanner = new CsvScanner(options.sink.plan.source.length + 1, options.maxRecordBytes, options.rawObjectKey);
    options.sink.system.useBatchConstants({ op: 'load', changeTsMicros: options.changeTsMicros });
  }

  push(chunk: Buffer): void {
    this.scanner.push(chunk, this.onRecord);
  }

  end(): void {
    this.scanner.end(this.onRecord);
    if (!this.fields) this.header(undefined);
  }

  private header(record: CsvRecord | undefined): void {
    const { plan } = this.options.sink;
    const names: string[] = [];
    for (let f = 0; record && f < Math.min(record.fieldCount, record.flags.length); f++) names.push(this.text(record, f));
    if (names[0]?.startsWith(BOM)) names[0] = names[0].slice(BOM.length);
    const expected = plan.source.map((c) => c.name);
    const order = names.map((name) => expected.indexOf(name));
    if (!record || record.fieldCount !== expected.length || new Set(names).size !== names.length || order.includes(-1)) {
      throw new CsvHeaderMismatchError(this.options.rawObjectKey, plan.ref, names, expected);
    }
    this.fields = { columns: order.map((k) => plan.source[k] as SourceColumnPlan), writers: order.map((k) => this.options.sink.writers[k] as CellWriter) };
  }

  private row(record: CsvRecord, columns: readonly SourceColumnPlan[], writers: readonly CellWriter[]): void {
    const { sink } = this.options;
    this.rowsIn++;
    const problem = this.typeRow(record, columns, writers);
    if (problem !== undefined) {
      sink.quarantine.add(record.line, problem, record.buf.subarray(record.start, record.end));
      return;
    }
    sink.system.changeSeq.setNumber(sink.batch.row, this.rowsIn);
    sink.commit();
  }

  /** Writes the record's fields into the current row; returns why it cannot, if it cannot. */
  private typeRow(record: CsvRecord, columns: readonly SourceColumnPlan[], writers: readonly CellWriter[]): string | undefined {
    if (record.fieldCount !== columns.length) return `expected ${columns.length} fields, found ${record.fieldCount}`;
    if (record.malformed) return `malformed CSV: ${record.malformed}`;
    const row = this.options.sink.batch.row;
    const { buf, bounds, flags, integers, decimals } = record;
    for (let f = 0; f < columns.length; f++) {
      const start = bounds[2 * f] as number;
      const end = bounds[2 * f + 1] as number;
      let problem: string | undefined;
      if (flags[f] === QUOTED_ESCAPED) problem = this.writeUnescaped(writers[f] as CellWriter, row, record, f);
      else if (flags[f] === UNQUOTED && start === end) problem = this.setNull(columns[f] as SourceColumnPlan);
      // The scanner pre-parsed plain numbers (NaN otherwise), so numeric writers skip a second pass.
      else problem = (writers[f] as CellWriter)(row, buf, start, end, TEXT, integers[f] as number, decimals[f] as number);
      if (problem !== undefined) return `column ${(columns[f] as SourceColumnPlan).name}: ${problem}`;
    }
    return undefined;
  }

  /** An empty unquoted field is NULL; "" is the empty string (PostgreSQL's CSV convention). */
  private setNull(column: SourceColumnPlan): string | undefined {
    return this.options.sink.setNull(column, column.required || column.key, false);
  }

  /** The field's text, doubled quotes undone. */
  private text(record: CsvRecord, f: number): string {
    const start = record.bounds[2 * f] as number;
    const end = record.bounds[2 * f + 1] as number;
    const text = record.buf.toString('utf8', start, end);
    return record.flags[f] === QUOTED_ESCAPED ? text.replaceAll('""', '"') : text;
  }

  /** Writes a field holding doubled quotes, undone into a scratch buffer first. */
  private writeUnescaped(writer: CellWriter, row: number, record: CsvRecord, f: number): string | undefined {
    const start = record.bounds[2 * f] as number;
    const end = record.bounds[2 * f + 1] as number;
    if (this.scratch.length < end - start) this.scratch = Buffer.alloc(2 * (end - start));
    let length = 0;
    for (let i = start; i < end; i++) {
      const byte = record.buf[i] as number;
      this.scratch[length++] = byte;
      if (byte === QUOTE) i++;
    }
    return writer(row, this.scratch, 0, length, TEXT, Number.NaN, Number.NaN);
  }
}
