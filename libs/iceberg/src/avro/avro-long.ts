// Avro longs as bigint. avsc's own long refuses values beyond 2^53 ("potential precision loss"), and Iceberg
// Java writes snapshot ids up to 2^63 - 1, so every long of our Avro files is decoded and encoded as a bigint.
// Readers turn snapshot ids into SnapshotId strings and every other long into a number through safeLong.
import avro from 'avsc';
import { UnsafeLongError } from '../errors.js';

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function toBuffer(value: bigint): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64LE(value);
  return buffer;
}

// avsc's documented hook for custom long representations: it hands over and takes the 8 bytes little-endian.
const BIGINT_LONG = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(),
  toBuffer,
  fromJSON: (value: string | number) => BigInt(value),
  toJSON: (value: bigint) => value.toString(),
  isValid: (value: unknown) => typeof value === 'bigint' && value >= LONG_MIN && value <= LONG_MAX,
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

/** avsc's typeHook: every long of a schema is a bigint long, whether named ("long") or with a logical type. */
export function bigintLongs(schema: avro.Schema): avro.Type | undefined {
  const isLong = schema === 'long' || (typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'long');
  return isLong ? BIGINT_LONG : undefined;
}

/** A long of the Avro file at `location` as a number, which must hold it exactly. */
export function safeLong(value: bigint, location: string, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new UnsafeLongError(location, field, value.toString());
  return Number(value);
}

/** safeLong for the fields of one record: errors name the record's position and the field. */
export const recordLongs =
  (location: string, record: number) =>
  (value: bigint, field: string): number =>
    safeLong(value, location, `record ${record} field ${field}`);
