// Table metadata JSON that keeps snapshot ids exact. Iceberg Java writes them as JSON numbers up to 2^63 - 1,
// which JSON.parse rounds. Here the text is parsed losslessly, the ids become decimal strings (SnapshotId), and
// they are written back as JSON numbers with the same digits. Every other number must fit a JavaScript number.
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';
import { InvalidMetadataError, InvalidSnapshotIdError, UnsafeLongError } from '../errors.js';
import { snapshotIdOfLong, type SnapshotId } from './snapshot-id.js';
import type { TableMetadata } from './table-metadata.js';

type Json = Record<string, unknown>;
type Convert = (value: unknown, field: string) => unknown;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `o` with `map` applied to its `key`, when `o` is an object that has a non-null value there. */
const mapKey = (o: unknown, key: string, map: (value: unknown) => unknown): unknown =>
  isObject(o) && o[key] !== undefined && o[key] !== null ? { ...o, [key]: map(o[key]) } : o;

const mapList = (field: string, map: (item: unknown, field: string) => unknown) => (list: unknown) =>
  Array.isArray(list) ? list.map((item, i) => map(item, `${field}[${i}]`)) : list;

/** Applies `convert` to every snapshot id the spec puts in table metadata, naming each field as a path. */
function mapSnapshotIds(metadata: unknown, convert: Convert): unknown {
  const ids = (o: unknown, field: string, keys = ['snapshot-id']) => keys.reduce((acc, key) => mapKey(acc, key, (v) => convert(v, `${field}.${key}`)), o);
  const steps: [string, (value: unknown) => unknown][] = [
    ['current-snapshot-id', (v) => convert(v, 'current-snapshot-id')],
    ['snapshots', mapList('snapshots', (s, f) => ids(s, f, ['snapshot-id', 'parent-snapshot-id']))],
    ['snapshot-log', mapList('snapshot-log', ids)],
    ['refs', (refs) => (isObject(refs) ? Object.fromEntries(Object.entries(refs).map(([name, ref]) => [name, ids(ref, `refs.${name}`)])) : refs)],
    ['statistics', mapList('statistics', (s, f) => mapKey(ids(s, f), 'blob-metadata', mapList(`${f}.blob-metadata`, ids)))],
    ['partition-statistics', mapList('partition-statistics', ids)],
  ];
  return steps.reduce((m, [key, map]) => mapKey(m, key, map), metadata);
}

/** Numbers a double holds exactly stay numbers, larger integers become bigint; other numbers round as in JSON.parse. */
const parseNumber = (text: string): number | bigint => (isSafeNumber(text) || !isInteger(text) ? Number(text) : BigInt(text));

/** A long left over after the snapshot ids would be rounded as a number: refuse it, naming its field. */
function rejectUnsafeLongs(location: string, value: unknown, field: string): void {
  if (typeof value === 'bigint') throw new UnsafeLongError(location, field, value.toString());
  if (Array.isArray(value)) value.forEach((item, i) => rejectUnsafeLongs(location, item, `${field}[${i}]`));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) rejectUnsafeLongs(location, item, field === '' ? key : `${field}.${key}`);
}

/** The parsed metadata file at `location`, snapshot ids as SnapshotId strings; its shape is checked by the caller. */
export function parseMetadataJson(location: string, text: string): unknown {
  let parsed: unknown;
  try {
    parsed = parse(text, null, parseNumber);
  } catch (error) {
    throw new InvalidMetadataError(location, `not JSON (${(error as Error).message})`);
  }
  const normalised = mapSnapshotIds(parsed, (value, field): SnapshotId => {
    const id = typeof value === 'number' || typeof value === 'bigint' ? snapshotIdOfLong(value) : undefined;
    if (id === undefined) throw new InvalidMetadataError(location, `${field} is ${typeof value === 'string' ? JSON.stringify(value) : String(value)}, not a snapshot id (a long)`);
    return id;
  });
  rejectUnsafeLongs(location, normalised, '');
  return normalised;
}

/** The metadata as the JSON text of a metadata file: snapshot ids as JSON numbers, digit for digit. */
export function metadataJson(metadata: TableMetadata): string {
  const long = (id: unknown, field: string): bigint => {
    const value = typeof id === 'string' && /^-?\d+$/.test(id) ? BigInt(id) : undefined;
    if (value === undefined || snapshotIdOfLong(value) === undefined) throw new InvalidSnapshotIdError(String(id), `it is the ${field} of the metadata being written`);
    return value;
  };
  return `${stringify(mapSnapshotIds(metadata, long), null, 2)}\n`;
}
