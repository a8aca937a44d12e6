// One writer per source column: parses a value from the raw bytes into the column's buffer, or
// says why it cannot. CSV hands over field text; NDJSON hands over JSON tokens, so a writer is
// told which kind of token it got (a JSON number is no string, a JSON string may hold a number).
import { isUtf8 } from 'node:buffer';
import type { ColumnarField } from '@datamaster/lake-manifest';
import { showValue } from '../errors.js';
import type { Masker } from '../masking.js';
import { BoolBuffer, Float64Buffer, Int32Buffer, Int64Buffer, type ColumnBuffer } from './column-buffers.js';
import { DictionaryBuffer } from './dictionary-buffer.js';
import { parseBigInteger, parseDecimal, parseSmallInteger } from './parse-numbers.js';
import { parseDateDays, parsedSubMillisMicros, parseTimestampMillis } from './parse-time.js';

/** How a value arrived. */
export const TEXT = 0;
export const JSON_STRING = 1;
export const JSON_NUMBER = 2;
export const JSON_BOOLEAN = 3;
export type TokenKind = typeof TEXT | typeof JSON_STRING | typeof JSON_NUMBER | typeof JSON_BOOLEAN;

/**
 * Writes the value at [start, end) of buf into `row`; returns undefined, or what is wrong with the
 * value. `integer` and `decimal` are the value already parsed by the caller when it is a plain
 * number (the CSV scanner does this in its pass over the bytes), else NaN.
 */
export type CellWriter = (row: number, buf: Buffer, start: number, end: number, kind: TokenKind, integer: number, decimal: number) => string | undefined;

const MAX_SAFE_MILLIS = Math.floor(Number.MAX_SAFE_INTEGER / 1e3);
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

const quoted = (buf: Buffer, start: number, end: number) => showValue(buf.toString('utf8', start, end));

function writeInt64(buffer: Int64Buffer, expected: string, scale: number): CellWriter {
  const limit = Math.floor(Number.MAX_SAFE_INTEGER / scale);
  return (row, buf, start, end, kind, integer) => {
    if (kind === JSON_BOOLEAN) return `${quoted(buf, start, end)} is not ${expected}`;
    const value = integer === integer ? integer : parseSmallInteger(buf, start, end);
    if (value >= -limit && value <= limit) {
      buffer.setNumber(row, value * scale);
      return undefined;
    }
    const big = parseBigInteger(buf.toString('latin1', start, end));
    const scaled = big === undefined ? undefined : parseBigInteger(String(big * BigInt(scale)));
    if (scaled === undefined) return `${quoted(buf, start, end)} is not ${expected} within the 64-bit range`;
    buffer.setBigInt(row, scaled);
    return undefined;
  };
}

function writeInt32(buffer: Int32Buffer): CellWriter {
  return (row, buf, start, end, kind, integer) => {
    const value = integer === integer ? integer : kind === JSON_BOOLEAN ? Number.NaN : parseSmallInteger(buf, start, end);
    if (!(value >= INT32_MIN && value <= INT32_MAX)) return `${quoted(buf, start, end)} is not a 32-bit integer`;
    buffer.set(row, value);
    return undefined;
  };
}

function writeDouble(buffer: Float64Buffer): CellWriter {
  return (row, buf, start, end, kind, _integer, decimal) => {
    const value = decimal === decimal ? decimal : kind === JSON_BOOLEAN ? Number.NaN : parseDecimal(buf, start, end);
    if (value !== value) return `${quoted(buf, start, end)} is not a number`;
    buffer.set(row, value);
    return undefined;
  };
}

function writeTimestamp(buffer: Int64Buffer): CellWriter {
  return (row, buf, start, end, kind) => {
    const millis = kind === TEXT || kind === JSON_STRING ? parseTimestampMillis(buf, start, end) : Number.NaN;
    if (Number.isNaN(millis)) return `${quoted(buf, start, end)} is not a timestamp with a time zone (ISO-8601, e.g. 2026-11-26T03:00:00.123456Z)`;
    if (Math.abs(millis) <= MAX_SAFE_MILLIS) buffer.setNumber(row, millis * 1000 + parsedSubMillisMicros);
    else buffer.setBigInt(row, BigInt(millis) * 1000n + BigInt(parsedSubMillisMicros));
    return undefined;
  };
}

function writeDate(buffer: Int32Buffer): CellWriter {
  return (row, buf, start, end, kind) => {
    const days = kind === TEXT || kind === JSON_STRING ? parseDateDays(buf, start, end) : Number.NaN;
    if (Number.isNaN(days)) return `${quoted(buf, start, end)} is not a date (YYYY-MM-DD)`;
    buffer.set(row, days);
    return undefined;
  };
}

const TRUE_TEXT = new Set(['t', 'true', '1']);
const FALSE_TEXT = new Set(['f', 'false', '0']);

function writeBool(buffer: BoolBuffer): CellWriter {
  return (row, buf, start, end, kind) => {
    const text = buf.toString('latin1', start, end);
    const lower = kind === JSON_NUMBER ? '' : text.toLowerCase();
    if (TRUE_TEXT.has(lower) || FALSE_TEXT.has(lower)) {
      buffer.set(row, TRUE_TEXT.has(lower));
      return undefined;
    }
    return `${quoted(buf, start, end)} is not a boolean`;
  };
}

function writeString(buffer: DictionaryBuffer, mask: Masker | undefined): CellWriter {
  return (row, buf, start, end, kind) => {
    if (kind !== TEXT && kind !== JSON_STRING) return `${quoted(buf, start, end)} is not a string`;
    // latin1 maps bytes to code units one to one: a cheap, exact identity for the raw bytes.
    const identity = buf.toString('latin1', start, end);
    let key = buffer.keyOf(identity);
    if (key < 0) {
      const clear = buf.subarray(start, end);
      if (!isUtf8(clear)) return `${mask ? 'a value' : quoted(buf, start, end)} is not valid UTF-8`;
      key = buffer.add(identity, mask ? mask(clear) : clear);
    }
    buffer.set(row, key);
    return undefined;
  };
}

export interface CellWriterOptions {
  /** The source stores this timestamp as integer unix seconds. */
  readonly unixSeconds?: boolean;
  /** PII: what the value becomes before it is stored. */
  readonly mask?: Masker;
}

/** The writer of a column's values into its buffer (made by columnBuffers for the same field). */
export function cellWriter(field: ColumnarField, buffer: ColumnBuffer, options: CellWriterOptions = {}): CellWriter {
  if (buffer instanceof DictionaryBuffer) return writeString(buffer, options.mask);
  if (buffer instanceof Float64Buffer) return writeDouble(buffer);
  if (buffer instanceof BoolBuffer) return writeBool(buffer);
  if (buffer instanceof Int32Buffer) return field.arrow.typeId === 'Date32' ? writeDate(buffer) : writeInt32(buffer);
  if (buffer instanceof Int64Buffer) {
    if (field.arrow.typeId === 'Int64') return writeInt64(buffer, 'an integer', 1);
    return options.unixSeconds ? writeInt64(buffer, 'unix seconds (an integer)', 1e6) : writeTimestamp(buffer);
  }
  throw new TypeError(`No cell writer for column ${field.name}`);
}
