// Turns generated records into CSV rows in the source representation the lake manifest declares.
// Column order and header come from the manifest; the generator only supplies values by name.
import type { LakeColumn, LakeTable } from '@datamaster/lake-manifest';
import type { ByteSink } from './byte-sink.js';
import { InvalidCellError, MissingColumnError, UnsupportedColumnError } from './errors.js';

export type CsvValue = string | number | null;
/** One generated row: a value per column name; null for SQL NULL; timestamps in unix seconds. */
export type SeedRecord = Readonly<Record<string, CsvValue>>;
/** What the writer needs of a table: its ref (for messages) and its columns, in order. */
export type CsvTable = Pick<LakeTable, 'ref' | 'columns'>;

export interface CsvRowEncoder {
  /** Appends the header line: the manifest's column names, in its order. */
  writeHeader(out: ByteSink): void;
  /** Appends the record as one CSV line. Lines end in LF, as the original extracts do. */
  encode(record: SeedRecord, out: ByteSink): void;
}

const NEEDS_QUOTES = /[",\r\n]/;
const COMMA = 0x2c;
const LF = 0x0a;

/**
 * RFC 4180: a field holding a comma, double quote, CR or LF is quoted, its quotes doubled. The
 * empty string is quoted too, because an empty unquoted field means NULL (as in PostgreSQL's CSV).
 */
export function csvField(text: string): string {
  if (text === '') return '""';
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Distinct doubles remembered per column; scores have 9 values and ABV about a hundred. */
const REMEMBERED_DECIMALS = 1024;

/**
 * Number-to-text for doubles, remembering the text of values seen before. Formatting a fractional
 * double is slow in V8 (about a tenth of a microsecond), and the review file holds 7.5 million
 * scores of only nine distinct values.
 */
function rememberedDecimals(): (value: number) => string {
  const texts = new Map<number, string>();
  return (value) => {
    let text = texts.get(value);
    if (text === undefined) {
      text = String(value);
      if (texts.size < REMEMBERED_DECIMALS) texts.set(value, text);
    }
    return text;
  };
}

/** Appends a non-null value of the column and returns true, or returns false if the value does not fit. */
type ValueWriter = (value: string | number, out: ByteSink) => boolean;

/** The writer for the column's values, and what it expects (for messages). */
function valueWriter(table: CsvTable, column: LakeColumn): [write: ValueWriter, expected: string] {
  const integer: ValueWriter = (value, out) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return false;
    out.integer(value);
    return true;
  };
  switch (column.type) {
    case 'int':
    case 'long':
      return [integer, 'an integer'];
    case 'double': {
      const decimal = rememberedDecimals();
      const double: ValueWriter = (value, out) => {
        if (typeof value !== 'number' || !Number.isFinite(value)) return false;
        out.text(decimal(value));
        return true;
      };
      return [double, 'a finite number'];
    }
    case 'string': {
      const string: ValueWriter = (value, out) => {
        if (typeof value !== 'string') return false;
        out.text(csvField(value));
        return true;
      };
      return [string, 'a string'];
    }
    case 'timestamptz':
      // The extracts carry timestamps the way the OLTP source stores them; only unix seconds so far.
      if (column.source?.encoding === 'unix-seconds') return [integer, 'unix seconds (an integer)'];
      throw new UnsupportedColumnError(table.ref, column.name, `${column.type} without unix-seconds encoding`);
    default:
      throw new UnsupportedColumnError(table.ref, column.name, column.type);
  }
}

type CellWriter = (value: CsvValue, out: ByteSink) => void;

function cellWriter(table: CsvTable, column: LakeColumn): CellWriter {
  const [write, expected] = valueWriter(table, column);
  return (value, out) => {
    if (value === null) {
      if (column.nullable) return; // an empty field is NULL in the source extracts
      throw new InvalidCellError(table.ref, column.name, value, `${expected} (the column is not nullable)`);
    }
    if (!write(value, out)) throw new InvalidCellError(table.ref, column.name, value, expected);
  };
}

/** Throws UnsupportedColumnError up front if a column has a type the writer cannot write. */
export function csvRowEncoder(table: CsvTable): CsvRowEncoder {
  const names = table.columns.map((column) => column.name);
  const cells = table.columns.map((column) => cellWriter(table, column));
  const header = names.map(csvField).join(',');
  return {
    writeHeader(out) {
      out.text(header);
      out.byte(LF);
    },
    encode(record, out) {
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        const value = record[name];
        if (value === undefined) throw new MissingColumnError(table.ref, name, Object.keys(record));
        if (i > 0) out.byte(COMMA);
        (cells[i] as CellWriter)(value, out);
      }
      out.byte(LF);
    },
  };
}
