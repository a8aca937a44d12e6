// Dates and timestamps from their ISO-8601 / PostgreSQL text forms, parsed on the bytes.

const MICROS_PER_MILLI = 1000;
const MS_PER_DAY = 86_400_000;

function digitsAt(buf: Buffer, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = (buf[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Milliseconds of YYYY-MM-DD at `at` (UTC midnight), or NaN when it is not a real calendar date. */
function dateMillis(buf: Buffer, at: number): number {
  if (buf[at + 4] !== 0x2d || buf[at + 7] !== 0x2d) return Number.NaN;
  const year = digitsAt(buf, at, 4);
  const month = digitsAt(buf, at + 5, 2);
  const day = digitsAt(buf, at + 8, 2);
  // Timestamps of one file mostly share their day: validate each day once.
  if (year === lastDay.year && month === lastDay.month && day === lastDay.day) return lastDay.millis;
  // setUTCFullYear, unlike Date.UTC, takes years 0–99 literally; it rolls 2026-02-30 over into
  // March, so a real date is one that survives the round trip.
  const check = new Date(0);
  const millis = check.setUTCFullYear(year, month - 1, day);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return Number.NaN;
  Object.assign(lastDay, { year, month, day, millis });
  return millis;
}

const lastDay = { year: -1, month: -1, day: -1, millis: 0 };

/** Days since 1970-01-01 of a YYYY-MM-DD date, or NaN. */
export function parseDateDays(buf: Buffer, start: number, end: number): number {
  return end - start === 10 ? dateMillis(buf, start) / MS_PER_DAY : Number.NaN;
}

/** The microseconds (0–999) of the last timestamp parseTimestampMillis accepted. */
export let parsedSubMillisMicros = 0;

/**
 * Milliseconds since the epoch of "YYYY-MM-DD[T ]hh:mm:ss[.ffffff](Z|±hh[:mm])", or NaN; the
 * microseconds below the millisecond are left in parsedSubMillisMicros, so that far-future
 * timestamps stay exact without a BigInt per value. A zone is required: a timestamptz without one
 * would silently take the reader's zone. Digits beyond the microsecond are truncated.
 */
export function parseTimestampMillis(buf: Buffer, start: number, end: number): number {
  if (end - start < 20) return Number.NaN;
  const separator = buf[start + 10];
  if ((separator !== 0x54 && separator !== 0x20) || buf[start + 13] !== 0x3a || buf[start + 16] !== 0x3a) return Number.NaN;
  const hours = digitsAt(buf, start + 11, 2);
  const minutes = digitsAt(buf, start + 14, 2);
  const seconds = digitsAt(buf, start + 17, 2);
  if (!(hours < 24 && minutes < 60 && seconds < 60)) return Number.NaN;
  let i = start + 19;
  let micros = 0;
  if (buf[i] === 0x2e) {
    let scale = 100_000;
    const first = ++i;
    for (; i < end && (buf[i] as number) >= 0x30 && (buf[i] as number) <= 0x39; i++) {
      micros += ((buf[i] as number) - 0x30) * scale;
      scale /= 10;
    }
    if (i === first) return Number.NaN;
    micros = Math.floor(micros);
  }
  const offsetMinutes = zoneOffsetMinutes(buf, i, end);
  const day = dateMillis(buf, start);
  if (Number.isNaN(offsetMinutes) || Number.isNaN(day)) return Number.NaN;
  parsedSubMillisMicros = micros % MICROS_PER_MILLI;
  return day + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 + Math.floor(micros / MICROS_PER_MILLI);
}

/** "Z", "+hh", "+hhmm" or "+hh:mm" (or "-") spanning exactly [at, end). */
function zoneOffsetMinutes(buf: Buffer, at: number, end: number): number {
  if (buf[at] === 0x5a && end === at + 1) return 0;
  const sign = buf[at] === 0x2b ? 1 : buf[at] === 0x2d ? -1 : 0;
  const length = end - at - 1;
  if (sign === 0 || (length !== 2 && length !== 4 && length !== 5)) return Number.NaN;
  const hours = digitsAt(buf, at + 1, 2);
  const minutesAt = length === 5 ? at + 4 : at + 3;
  if (length === 5 && buf[at + 3] !== 0x3a) return Number.NaN;
  const minutes = length === 2 ? 0 : digitsAt(buf, minutesAt, 2);
  return hours <= 23 && minutes <= 59 ? sign * (hours * 60 + minutes) : Number.NaN;
}
