// How raw objects are named and described. The format travels with the object (metadata, then
// the ledger record), so nothing is ever guessed from a file-name substring.
import { RAW_FORMATS, type RawFormat } from '@datamaster/lake-contract';
import { lakeManifest, tablesInLayer } from '@datamaster/lake-manifest';

export class UnknownRawFormatError extends Error {
  override readonly name = 'UnknownRawFormatError';
  constructor(readonly subject: string) {
    super(`Cannot tell the format of ${subject}: name it with --format ${RAW_FORMATS.join('|')} (or use a .csv.gz / .ndjson.gz file name).`);
  }
}

export class UnknownSourceTableError extends Error {
  override readonly name = 'UnknownSourceTableError';
  constructor(readonly table: string) {
    super(`"${table}" is not a source table of the lake manifest; known: ${sourceTableNames().join(', ')}.`);
  }
}

export function sourceTableNames(): string[] {
  return tablesInLayer(lakeManifest(), 'source').map((t) => t.name);
}

export function assertSourceTable(table: string): void {
  if (!sourceTableNames().includes(table)) throw new UnknownSourceTableError(table);
}

/** The format a user declares by file name, for `datamaster ingest` without --format. */
export function formatFromFileName(name: string): RawFormat | undefined {
  if (/\.csv\.gz$/i.test(name)) return 'csv';
  if (/\.(ndjson|jsonl|json)\.gz$/i.test(name)) return 'ndjson';
  return undefined;
}
