// Binary single-value serialization (spec appendix D), used for bounds in manifests and manifest lists.
import type { LogicalType } from '@datamaster/lake-manifest';

export type PrimitiveValue = boolean | number | string;

const INT32 = 2 ** 31;

/** Whether a JavaScript value can stand for a value of the Iceberg type (dates in days, timestamps in µs). */
export function isValueOfType(type: LogicalType, value: unknown): value is PrimitiveValue {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'int':
    case 'date':
      return Number.isInteger(value) && (value as number) >= -INT32 && (value as number) < INT32;
    case 'long':
    case 'timestamptz':
      return Number.isSafeInteger(value);
    case 'double':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
  }
}

export function serializeValue(type: LogicalType, value: PrimitiveValue): Buffer {
  switch (type) {
    case 'boolean':
      return Buffer.from([value ? 1 : 0]);
    case 'int':
    case 'date': {
      const b = Buffer.alloc(4);
      b.writeInt32LE(Number(value));
      return b;
    }
    case 'long':
    case 'timestamptz': {
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(BigInt(value));
      return b;
    }
    case 'double': {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(Number(value));
      return b;
    }
    case 'string':
      return Buffer.from(String(value), 'utf8');
  }
}

/**
 * Type promotion does not rewrite bounds (spec, "Schema Evolution"): a column promoted from int to long, or float
 * to double, keeps 4-byte bounds in the manifests written before, so the width tells which type wrote them.
 */
export function deserializeValue(type: LogicalType, bytes: Uint8Array): PrimitiveValue {
  const b = Buffer.from(bytes);
  switch (type) {
    case 'boolean':
      return b[0] === 1;
    case 'int':
    case 'date':
      return b.readInt32LE();
    case 'long':
    case 'timestamptz':
      return b.byteLength === 4 ? b.readInt32LE() : Number(b.readBigInt64LE());
    case 'double':
      return b.byteLength === 4 ? b.readFloatLE() : b.readDoubleLE();
    case 'string':
      return b.toString('utf8');
  }
}

/** Orders values of one Iceberg type as the spec compares them (strings by UTF-8 bytes). */
export function compareValues(a: PrimitiveValue, b: PrimitiveValue): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return Number(a) - Number(b);
}
