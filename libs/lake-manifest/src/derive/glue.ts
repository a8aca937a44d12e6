// The Hive type names the AWS Glue Data Catalog shows for Iceberg types (the manifest's logical types are Iceberg
// names): the columns of Iceberg tables as the catalog records them, and of the bronze tables declared for Athena.

const GLUE_PRIMITIVES: Readonly<Record<string, string>> = {
  boolean: 'boolean',
  int: 'int',
  long: 'bigint',
  float: 'float',
  double: 'double',
  date: 'date',
  time: 'string',
  string: 'string',
  uuid: 'string',
  timestamp: 'timestamp',
  timestamptz: 'timestamp',
  timestamp_ns: 'timestamp',
  timestamptz_ns: 'timestamp',
  binary: 'binary',
};

interface NestedType {
  readonly type: 'struct' | 'list' | 'map';
  readonly fields?: readonly { readonly name: string; readonly type: unknown }[];
  readonly element?: unknown;
  readonly key?: unknown;
  readonly value?: unknown;
}

/**
 * The Hive type name Glue shows for an Iceberg type, as Iceberg's IcebergToGlueConverter names it. The type is
 * `unknown` because metadata other engines wrote may hold any Iceberg type, not only the lake manifest's.
 */
export function glueType(type: unknown): string {
  if (typeof type === 'string') {
    const decimal = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(type);
    if (decimal !== null) return `decimal(${decimal[1]},${decimal[2]})`;
    if (type.startsWith('fixed[')) return 'binary';
    return GLUE_PRIMITIVES[type] ?? type;
  }
  const nested = type as NestedType;
  if (nested.type === 'struct') return `struct<${(nested.fields ?? []).map((f) => `${f.name}:${glueType(f.type)}`).join(',')}>`;
  if (nested.type === 'list') return `array<${glueType(nested.element)}>`;
  return `map<${glueType(nested.key)},${glueType(nested.value)}>`;
}
