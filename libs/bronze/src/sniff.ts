// Confirms a raw object's declared format from its first decompressed bytes, before any work.
import { getTable, lakeManifest, type LakeManifest } from '@datamaster/lake-manifest';
import { FormatMismatchError } from './errors.js';

export type BronzeFormat = 'csv' | 'ndjson';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface SniffOptions {
  /** The format the object was registered with; a disagreement throws FormatMismatchError. */
  readonly declared?: BronzeFormat;
  readonly manifest?: LakeManifest;
}

/**
 * The format the content shows: NDJSON when the first non-blank byte is "{", CSV when the first
 * line is the source table's column header (in any order, quotes allowed). Throws
 * FormatMismatchError when it is neither, or not the declared one.
 */
export function sniffFormat(firstBytes: Buffer, table: string, options: SniffOptions = {}): BronzeFormat {
  const source = getTable(options.manifest ?? lakeManifest(), `source.${table}`);
  const text = (firstBytes.subarray(0, 3).equals(UTF8_BOM) ? firstBytes.subarray(3) : firstBytes).toString('utf8');
  const detected = detect(text, source.columns.map((c) => c.name));
  if (detected === undefined) {
    const firstLine = text.split('\n', 1)[0]?.replace(/\r$/, '') ?? '';
    throw new FormatMismatchError(options.declared ?? 'csv', `neither (first line ${JSON.stringify(firstLine.slice(0, 120))} is no JSON object nor the header of ${source.ref})`, table);
  }
  if (options.declared !== undefined && detected !== options.declared) throw new FormatMismatchError(options.declared, detected, table);
  return detected;
}

function detect(text: string, columns: readonly string[]): BronzeFormat | undefined {
  if (text.trimStart().startsWith('{')) return 'ndjson';
  const header = (text.split('\n', 1)[0] ?? '').replace(/\r$/, '');
  const names = header.split(',').map((name) => name.replace(/^"(.*)"$/, '$1').replaceAll('""', '"'));
  const sameSet = names.length === columns.length && new Set(names).size === names.length && names.every((n) => columns.includes(n));
  return sameSet ? 'csv' : undefined;
}
