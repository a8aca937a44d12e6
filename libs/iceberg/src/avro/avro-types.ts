// Iceberg primitive types as Avro types, per the spec's "Avro" appendix.
import type { LogicalType } from '@datamaster/lake-manifest';

export function avroType(type: LogicalType): string | object {
  switch (type) {
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'timestamptz':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': true };
    default:
      return type;
  }
}

/** An Iceberg map<int, V> in Avro: an array of key/value records, as the spec requires for non-string keys. */
export function avroIntMap(keyId: number, valueId: number, valueType: string): object {
  return {
    type: 'array',
    logicalType: 'map',
    items: {
      type: 'record',
      name: `k${keyId}_v${valueId}`,
      fields: [
        { name: 'key', type: 'int', 'field-id': keyId },
        { name: 'value', type: valueType, 'field-id': valueId },
      ],
    },
  };
}

export function optional(type: string | object): (string | object)[] {
  return ['null', type];
}
