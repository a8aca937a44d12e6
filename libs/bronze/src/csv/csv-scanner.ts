// RFC 4180 record scanner over raw bytes. It finds field boundaries — no strings, no copies — and,
// in the same pass over an unquoted field, its value when it is a plain decimal number, so numeric
// columns need no second look at the bytes. Each complete record goes to a sink; a record cut by a
// chunk boundary is carried over and rescanned with the next chunk. LF and CRLF both end a record;
// quoted fields may hold commas, doubled quotes, CR and LF.
import { RecordTooLargeError } from '../errors.js';

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
/** Up to 15 digits a double holds exactly, so digits / 10^k rounds as Number(text) does. */
const EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: EXACT_DIGITS + 1 }, (_, i) => 10 ** i);

/** Field flags. */
export const UNQUOTED = 0;
export const QUOTED = 1;
/** Quoted, and holding doubled quotes that must be undone. */
export const QUOTED_ESCAPED = 2;

export interface CsvRecord {
  /** The bytes the fields point into. */
  readonly buf: Buffer;
  /** Field i spans [bounds[2i], bounds[2i+1]) of buf, quotes excluded; only the first `maxFields` are kept. */
  readonly bounds: Int32Array;
  readonly flags: Uint8Array;
  /** Field i's value when it is an unquoted integer of up to 15 digits, else NaN. */
  readonly integers: Float64Array;
  /** Field i's value when it is an unquoted plain decimal (digits, one optional point) of up to 15 digits, else NaN. */
  readonly decimals: Float64Array;
  /** How many fields the record has (may exceed the kept ones). */
  fieldCount: number;
  /** The whole record, terminator excluded: what the quarantine keeps. */
  start: number;
  end: number;
  /** 1-based line on which the record starts. */
  line: number;
  /** Set when the record breaks RFC 4180 (text after a closing quote); says how. */
  malformed: string | undefined;
}

export class CsvScanner {
  private carry: Buffer | undefined;
  private line = 1;
  private readonly record: CsvRecord;

  constructor(
    maxFields: number,
    private readonly maxRecordBytes: number,
    private readonly objectKey: string,
  ) {
    this.record = {
      buf: Buffer.alloc(0),
      bounds: new Int32Array(2 * maxFields),
      flags: new Uint8Array(maxFields),
      integers: new Float64Array(maxFields),
      decimals: new Float64Array(maxFields),
      fieldCount: 0,
      start: 0,
      end: 0,
      line: 0,
      malformed: undefined,
    };
  }

  /** Calls onRecord for every record that the chunk completes. */
  push(chunk: Buffer, onRecord: (record: CsvRecord) => void): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const rest = this.scan(buf, false, onRecord);
    this.carry = rest < buf.length ? buf.subarray(rest) : undefined;
    if (this.carry && this.carry.length > this.maxRecordBytes) throw new RecordTooLargeError(this.objectKey, this.line, this.maxRecordBytes);
  }

  /** Flushes a last record that has no line terminator. */
  end(onRecord: (record: CsvRecord) => void): void {
    if (this.carry) this.scan(this.carry, true, onRecord);
    this.carry = undefined;
  }

  /** Scans complete records; returns where the first incomplete one starts. */
  private scan(buf: Buffer, final: boolean, onRecord: (record: CsvRecord) => void): number {
    const record = this.record as { -readonly [K in keyof CsvRecord]: CsvRecord[K] };
    const { bounds, flags, integers, decimals } = record;
    const maxFields = flags.length;
    const length = buf.length;
    record.buf = buf;
    let pos = 0;
    while (pos < length) {
      let i = pos;
      let fields = 0;
      let lines = 0;
      let malformed: string | undefined;
      let complete = false;
      for (;;) {
        let start = i;
        let end: number;
        let flag = UNQUOTED;
        let integer = Number.NaN;
        let decimal = Number.NaN;
        if (buf[i] === QUOTE) {
          let close = i + 1;
          flag = QUOTED;
          for (;;) {
            close = buf.indexOf(QUOTE, close);
            if (close < 0 || (close + 1 === length && !final)) break;
            if (buf[close + 1] !== QUOTE) break;
            flag = QUOTED_ESCAPED;
            close += 2;
          }
          if (close < 0 || (close + 1 === length && !final)) break;
          for (let nl = buf.indexOf(LF, i + 1); nl >= 0 && nl < close; nl = buf.indexOf(LF, nl + 1)) lines++;
          start = i + 1;
          end = close;
          i = close + 1;
          // What follows the quote decides the field's end; CRLF needs both bytes in hand.
          if (!final && i + 1 >= length) break;
          if (buf[i] === CR && buf[i + 1] === LF) i++;
          if (i < length && buf[i] !== COMMA && buf[i] !== LF) {
            malformed ??= `text after the closing quote of field ${fields + 1}`;
            while (i < length && buf[i] !== COMMA && buf[i] !== LF) i++;
          }
        } else {
          const sign = buf[i];
          if (sign === MINUS || sign === PLUS) i++;
          let mantissa = 0;
          let digits = 0;
          let point = -1;
          let plain = true;
          while (i < length) {
            const byte = buf[i] as number;
            const digit = byte - ZERO;
            // Digits first (one unsigned compare): they are most of the bytes of an extract.
            if (digit >>> 0 < 10) {
              mantissa = mantissa * 10 + digit;
              digits++;
            } else if (byte === COMMA || byte === LF) break;
            else if (byte === DOT && point < 0) point = digits;
            else plain = false;
            i++;
          }
          end = i > start && buf[i - 1] === CR && (i < length ? buf[i] === LF : final) ? i - 1 : i;
          if (plain && digits > 0 && digits <= EXACT_DIGITS) {
            const value = sign === MINUS ? -mantissa : mantissa;
            if (point < 0) integer = decimal = value;
            else decimal = value / (POWERS_OF_TEN[digits - point] as number);
          }
        }
        if (i >= length && !final) break;
        if (fields < maxFields) {
          bounds[2 * fields] = start;
          bounds[2 * fields + 1] = end;
          flags[fields] = flag;
          integers[fields] = integer;
          decimals[fields] = decimal;
        }
        fields++;
        if (i >= length || buf[i] === LF) {
          record.end = i >= length || buf[i - 1] !== CR ? i : i - 1;
          complete = true;
          i++;
          break;
        }
        i++; // the comma
      }
      if (!complete) return pos;
      record.fieldCount = fields;
      record.start = pos;
      record.line = this.line;
      record.malformed = malformed;
      this.line += lines + 1;
      onRecord(record);
      pos = i;
    }
    return pos;
  }
}
