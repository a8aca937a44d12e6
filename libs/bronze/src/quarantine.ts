// The quarantine: one NDJSON line per rejected row — its 1-based line, why, and the original text —
// so a bad row is never silently dropped and can be fixed and re-driven.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** The original text kept per rejected row; a longer line is cut (the raw object keeps it whole). */
export const QUARANTINE_RAW_BYTES = 64 * 1024;

export interface QuarantineEntry {
  readonly line: number;
  readonly reason: string;
  readonly raw: string;
}

export class Quarantine {
  count = 0;
  constructor(private readonly out: Writable) {}

  add(line: number, reason: string, raw: Buffer): void {
    const kept = raw.length > QUARANTINE_RAW_BYTES ? raw.subarray(0, QUARANTINE_RAW_BYTES) : raw;
    const entry: QuarantineEntry = { line, reason, raw: kept.toString('utf8') };
    this.out.write(`${JSON.stringify(entry)}\n`);
    this.count++;
  }

  /** Waits while the destination catches up, so rejected rows never pile up in memory. */
  async drain(): Promise<void> {
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }
}
