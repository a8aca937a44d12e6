// DuckDB renders Parquet min/max statistics as text; this turns them back into Iceberg-typed values.
import type { LogicalType } from '@datamaster/lake-manifest';
import type { PrimitiveValue } from '../avro/single-value.js';

const MS_PER_DAY = 86_400_000;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?([+-]\d{2})(?::?(\d{2}))?$/;

/** Undefined when the text cannot be read as the type (the bound is then omitted, never guessed). */
export function parseStat(type: LogicalType, text: string): PrimitiveValue | undefined {
  switch (type) {
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'int':
    case 'long':
    case 'double': {
      const value = Number(text);
      return text.trim() === '' || !Number.isFinite(value) ? undefined : value;
    }
    case 'string':
      return text;
    case 'date': {
      const ms = Date.parse(`${text}T00:00:00Z`);
      return Number.isNaN(ms) ? undefined : ms / MS_PER_DAY;
    }
    case 'timestamptz': {
      const match = TIMESTAMP.exec(text);
      if (match === null) return undefined;
      const [, day, time, fraction = '', offsetHours = '+00', offsetMinutes = '00'] = match;
      const ms = Date.parse(`${day}T${time}${offsetHours}:${offsetMinutes}`);
      return Number.isNaN(ms) ? undefined : ms * 1000 + Number(fraction.padEnd(6, '0'));
    }
  }
}
