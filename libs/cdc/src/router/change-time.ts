// DMS writes times as ISO-8601 UTC with microseconds; bronze and silver order changes by them, so
// every change_ts is normalised to exactly that form (JavaScript dates would cut it to milliseconds).

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * The timestamp as "YYYY-MM-DDTHH:mm:ss.ffffffZ"; undefined when it is not an ISO-8601 date-time.
 * A value without a zone is UTC, as DMS writes it; digits beyond microseconds are cut.
 */
export function toUtcMicros(value: string): string | undefined {
  const match = ISO.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = match;
  const fields = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = fields;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  // Date.UTC rolls 2026-02-30 over to March: a changed field means the text named no real time.
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utcMs = local - zoneOffsetMinutes(zone) * 60_000;
  return formatUtcMicros(BigInt(utcMs) * 1000n + BigInt(fraction.padEnd(6, '0').slice(0, 6)));
}

function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}

/** Microseconds since the epoch as "YYYY-MM-DDTHH:mm:ss.ffffffZ". */
export function formatUtcMicros(epochMicros: bigint): string {
  const micros = ((epochMicros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const seconds = new Date(Number((epochMicros - micros) / 1000n)).toISOString().slice(0, 19);
  return `${seconds}.${micros.toString().padStart(6, '0')}Z`;
}
