// PostgreSQL prints a WAL position (LSN) as two hex halves "X/Y" of one 64-bit number. As an
// integer it orders changes in commit order across the whole server, which is what change_seq needs.

const LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** The LSN "X/Y" as the integer X·2^32 + Y; undefined when the text is not an LSN. */
export function parseLsn(position: string): bigint | undefined {
  const match = LSN.exec(position);
  if (!match) return undefined;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** The integer as PostgreSQL prints it: upper-case hex halves without padding, e.g. "1/A0B3C8". */
export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffff_ffffn).toString(16).toUpperCase()}`;
}
