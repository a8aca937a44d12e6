// PostgreSQL log sequence numbers ("X/Y": the high and low 32 bits in hexadecimal), as ordered numbers.
import { InvalidLsnError } from './errors.js';

const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

export function parseLsn(text: string): bigint {
  const match = LSN.exec(text);
  if (!match) throw new InvalidLsnError(text);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** PostgreSQL's own spelling: upper-case hexadecimal without leading zeros, e.g. 0/16B3748. */
export function formatLsn(value: bigint): string {
  return `${(value >> 32n).toString(16).toUpperCase()}/${(value & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** The same position in PostgreSQL's spelling (the replication library pads with zeros). */
export function normalizeLsn(text: string): string {
  return formatLsn(parseLsn(text));
}

export function isLsn(text: unknown): text is string {
  return typeof text === 'string' && LSN.test(text);
}
