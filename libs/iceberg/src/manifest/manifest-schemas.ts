// Avro schemas of manifests and manifest lists (format v2), with the field ids of the spec.
import type { IcebergPartitionSpec, IcebergSchema } from '@datamaster/lake-manifest';
import { avroIntMap, avroType, optional } from '../avro/avro-types.js';
import { partitionFieldTypes } from './partition.js';

const field = (name: string, id: number, type: unknown, doc?: string) => ({ name, type, 'field-id': id, ...(doc === undefined ? {} : { doc }) });
const optionalField = (name: string, id: number, type: string | object, doc?: string) => ({ ...field(name, id, optional(type), doc), default: null });

export function manifestEntrySchema(schema: IcebergSchema, spec: IcebergPartitionSpec): object {
  const partitionFields = partitionFieldTypes(schema, spec).map(({ field: f, type }) => optionalField(f.name, f['field-id'], avroType(type)));
  const dataFile = {
    type: 'record',
    name: 'r2',
    fields: [
      field('content', 134, 'int', 'Contents of the file: 0=data, 1=position deletes, 2=equality deletes'),
      field('file_path', 100, 'string', 'Location URI with FS scheme'),
      field('file_format', 101, 'string', 'File format name: avro, orc, or parquet'),
      field('partition', 102, { type: 'record', name: 'r102', fields: partitionFields }, 'Partition data tuple, schema based on the partition spec'),
      field('record_count', 103, 'long', 'Number of records in the file'),
      field('file_size_in_bytes', 104, 'long', 'Total file size in bytes'),
      optionalField('column_sizes', 108, avroIntMap(117, 118, 'long'), 'Map of column id to total size on disk'),
      optionalField('value_counts', 109, avroIntMap(119, 120, 'long'), 'Map of column id to total count, including null and NaN'),
      optionalField('null_value_counts', 110, avroIntMap(121, 122, 'long'), 'Map of column id to null value count'),
      optionalField('nan_value_counts', 137, avroIntMap(138, 139, 'long'), 'Map of column id to number of NaN values in the column'),
      optionalField('lower_bounds', 125, avroIntMap(126, 127, 'bytes'), 'Map of column id to lower bound'),
      optionalField('upper_bounds', 128, avroIntMap(129, 130, 'bytes'), 'Map of column id to upper bound'),
      optionalField('key_metadata', 131, 'bytes', 'Encryption key metadata blob'),
      optionalField('split_offsets', 132, { type: 'array', items: 'long', 'element-id': 133 }, 'Splittable offsets'),
      optionalField('equality_ids', 135, { type: 'array', items: 'int', 'element-id': 136 }, 'Equality comparison field IDs'),
      optionalField('sort_order_id', 140, 'int', 'Sort order ID'),
    ],
  };
  return {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      field('status', 0, 'int'),
      optionalField('snapshot_id', 1, 'long'),
      optionalField('sequence_number', 3, 'long'),
      optionalField('file_sequence_number', 4, 'long'),
      field('data_file', 2, dataFile),
    ],
  };
}

export const MANIFEST_LIST_SCHEMA = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    field('manifest_path', 500, 'string', 'Location URI with FS scheme'),
    field('manifest_length', 501, 'long', 'Total file size in bytes'),
    field('partition_spec_id', 502, 'int', 'Spec ID used to write'),
    field('content', 517, 'int', 'Contents of the manifest: 0=data, 1=deletes'),
    field('sequence_number', 515, 'long', 'Sequence number when the manifest was added'),
    field('min_sequence_number', 516, 'long', 'Lowest sequence number in the manifest'),
    field('added_snapshot_id', 503, 'long', 'Snapshot ID that added the manifest'),
    field('added_files_count', 504, 'int', 'Added entry count'),
    field('existing_files_count', 505, 'int', 'Existing entry count'),
    field('deleted_files_count', 506, 'int', 'Deleted entry count'),
    field('added_rows_count', 512, 'long', 'Added rows count'),
    field('existing_rows_count', 513, 'long', 'Existing rows count'),
    field('deleted_rows_count', 514, 'long', 'Deleted rows count'),
    optionalField(
      'partitions',
      507,
      {
        type: 'array',
        'element-id': 508,
        items: {
          type: 'record',
          name: 'r508',
          fields: [
            field('contains_null', 509, 'boolean', 'True if any file has a null partition value'),
            optionalField('contains_nan', 518, 'boolean', 'True if any file has a nan partition value'),
            optionalField('lower_bound', 510, 'bytes', 'Partition lower bound for all files'),
            optionalField('upper_bound', 511, 'bytes', 'Partition upper bound for all files'),
          ],
        },
      },
      'Summary for each partition',
    ),
    optionalField('key_metadata', 519, 'bytes', 'Encryption key metadata blob'),
  ],
} as const;
