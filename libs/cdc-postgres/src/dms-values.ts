// PostgreSQL values (as the server prints them) to the JSON values DMS writes for PostgreSQL sources:
// numbers for integer and numeric types, booleans, strings for text, ISO-8601 strings for timestamps.
import { pgBaseType, pgColumnType, type LakeColumn } from '@datamaster/lake-manifest';

export type DmsValue = string | number | boolean | null;
type Converter = (text: string) => DmsValue;

/**
 * A JSON number only where it holds the value exactly (integers) or as DMS would (numeric and floats as
 * doubles). A 64-bit integer beyond 2^53, or NaN/Infinity, stays the server's text: the row still reaches
 * bronze, which can read it exactly or quarantine it, instead of the value being silently changed here.
 */
const integer: Converter = (text) => (Number.isSafeInteger(Number(text)) ? Number(text) : text);
const decimal: Converter = (text) => (Number.isFinite(Number(text)) ? Number(text) : text);
const boolean: Converter = (text) => text === 't' || text === 'true';
const verbatim: Converter = (text) => text;

const CONVERTERS: Readonly<Record<string, Converter>> = {
  smallint: integer,
  int2: integer,
  integer: integer,
  int: integer,
  int4: integer,
  bigint: integer,
  int8: integer,
  numeric: decimal,
  decimal: decimal,
  real: decimal,
  float4: decimal,
  'double precision': decimal,
  float8: decimal,
  boolean: boolean,
  bool: boolean,
  timestamptz: isoTimestamp,
  'timestamp with time zone': isoTimestamp,
};

/** The converter for a manifest column, chosen once per column from its PostgreSQL type. */
export function dmsValueConverter(column: LakeColumn): (text: string | null) => DmsValue {
  const convert = CONVERTERS[pgBaseType(pgColumnType(column))] ?? verbatim;
  return (text) => (text === null ? null : convert(text));
}

const TIMESTAMPTZ = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?([+-]\d{2})(?::(\d{2}))?$/;

/** "2026-11-26 02:59:59.9+00" → "2026-11-26T02:59:59.900000Z"; infinity, BC dates and second offsets stay as printed. */
function isoTimestamp(text: string): string {
  const match = TIMESTAMPTZ.exec(text);
  if (!match) return text;
  const [, date, time, fraction = '', hours, minutes = '00'] = match;
  const utc = new Date(`${date}T${time}${hours}:${minutes}`).toISOString().slice(0, 19);
  return `${utc}.${fraction.padEnd(6, '0')}Z`;
}

/** ISO-8601 in UTC with microseconds, as DMS writes timestamps; from microseconds since the Unix epoch. */
export function isoMicros(microseconds: bigint): string {
  const millis = microseconds / 1000n;
  const micros = microseconds % 1000n;
  return new Date(Number(millis)).toISOString().replace('Z', `${micros.toString().padStart(3, '0')}Z`);
}
