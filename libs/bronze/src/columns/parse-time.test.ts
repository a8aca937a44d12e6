import { describe, expect, it } from 'vitest';
import { parseDateDays, parsedSubMillisMicros, parseTimestampMillis } from './parse-time.js';

const micros = (text: string): number => {
  const buf = Buffer.from(text);
  const millis = parseTimestampMillis(buf, 0, buf.length);
  return millis * 1000 + parsedSubMillisMicros;
};

describe('parseTimestampMillis', () => {
  it('reads microseconds and the zone', () => {
    const expected = Date.parse('2026-11-26T03:00:00.123Z') * 1000 + 456;
    expect(micros('2026-11-26T03:00:00.123456Z')).toBe(expected);
    expect(micros('2026-11-26 05:30:00.123456+02:30')).toBe(expected);
    expect(micros('2026-11-25T22:00:00.123456-0500')).toBe(expected);
  });

  it('accepts whole seconds and truncates digits below the microsecond', () => {
    expect(micros('2026-11-26T03:00:00Z')).toBe(Date.parse('2026-11-26T03:00:00Z') * 1000);
    expect(micros('2026-11-26T03:00:00.1234569Z')).toBe(Date.parse('2026-11-26T03:00:00.123Z') * 1000 + 456);
  });

  it.each(['2026-11-26T03:00:00', '2026-02-30T03:00:00Z', '2026-11-26T24:00:00Z', 'yesterday at noon', '2026-11-26T03:00:00.Z', '2026-11-26T03:00:00+2'])(
    'rejects %j',
    (text) => expect(micros(text)).toBeNaN(),
  );
});

describe('parseDateDays', () => {
  it('counts days from 1970-01-01 and rejects impossible dates', () => {
    const days = (text: string) => parseDateDays(Buffer.from(text), 0, text.length);
    expect(days('1970-01-02')).toBe(1);
    expect(days('1969-12-31')).toBe(-1);
    expect(days('2026-02-29')).toBeNaN();
    expect(days('0050-01-01')).toBe(Math.round((Date.parse('0050-01-01T00:00:00Z') - 0) / 86_400_000));
  });
});
