// How an Iceberg table is recorded in the Glue Data Catalog, exactly as Iceberg's GlueCatalog and PyIceberg record
// it, so Athena, Spark, EMR and PyIceberg open our tables: an EXTERNAL_TABLE whose parameters point at the current
// metadata file, with columns for display only (the metadata file stays the source of truth).
import type { Column, DatabaseInput, Table as GlueTable, TableInput } from '@aws-sdk/client-glue';
import { glueType } from '@datamaster/lake-manifest';
import { InvalidGlueNameError, NotAnIcebergTableError } from '../errors.js';
import { currentSchema } from '../metadata/metadata-file.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import type { StagedMetadata } from './staged-metadata.js';

export const TABLE_TYPE = 'table_type';
export const ICEBERG_TABLE_TYPE = 'ICEBERG';
export const METADATA_LOCATION = 'metadata_location';
export const PREVIOUS_METADATA_LOCATION = 'previous_metadata_location';
/** Glue's own name for a table whose data Glue does not manage (Hive's TableType.EXTERNAL_TABLE). */
export const EXTERNAL_TABLE = 'EXTERNAL_TABLE';

/** Namespace and table properties with a Glue field of their own; the rest are Glue parameters. */
const DESCRIPTION_PROPERTY = 'comment';
const LOCATION_PROPERTY = 'location';

const NAME_LIMITS = { database: 252, table: 255 } as const;

/** Names Glue stores as given; Glue lower-cases anything else, so the name would not come back as written. */
export function glueName(kind: 'database' | 'table', name: string): string {
  const max = NAME_LIMITS[kind];
  if (!new RegExp(`^[a-z0-9_]{1,${max}}$`).test(name)) throw new InvalidGlueNameError(kind, name, max);
  return name;
}

export function glueDatabaseInput(name: string, properties: Readonly<Record<string, string>>): DatabaseInput {
  const { [DESCRIPTION_PROPERTY]: description, [LOCATION_PROPERTY]: location, ...parameters } = properties;
  return {
    Name: name,
    ...(description === undefined ? {} : { Description: description }),
    ...(location === undefined ? {} : { LocationUri: location }),
    Parameters: parameters,
  };
}

/**
 * The table as Glue should record it once `staged` is current. Parameters others set on the Glue table (`existing`)
 * are kept, as Iceberg's GlueCatalog keeps them.
 */
export function glueTableInput(name: string, staged: StagedMetadata, previousMetadataLocation?: string, existing?: GlueTable): TableInput {
  const description = staged.metadata.properties[DESCRIPTION_PROPERTY] ?? existing?.Description;
  return {
    Name: name,
    TableType: EXTERNAL_TABLE,
    ...(description === undefined ? {} : { Description: description }),
    Parameters: {
      ...existing?.Parameters,
      [TABLE_TYPE]: ICEBERG_TABLE_TYPE,
      [METADATA_LOCATION]: staged.metadataLocation,
      ...(previousMetadataLocation === undefined ? {} : { [PREVIOUS_METADATA_LOCATION]: previousMetadataLocation }),
    },
    StorageDescriptor: { Location: staged.metadata.location, Columns: glueColumns(staged.metadata) },
  };
}

export function isIcebergTable(table: GlueTable): boolean {
  return table.Parameters?.[TABLE_TYPE]?.toUpperCase() === ICEBERG_TABLE_TYPE;
}

/** The current metadata file of a Glue table, which must be an Iceberg table. */
export function icebergMetadataLocation(table: GlueTable, name: string): string {
  const type = table.Parameters?.[TABLE_TYPE];
  if (!isIcebergTable(table)) {
    throw new NotAnIcebergTableError(name, type === undefined ? `it has no ${TABLE_TYPE} parameter` : `its ${TABLE_TYPE} is "${type}", not "${ICEBERG_TABLE_TYPE}"`);
  }
  const location = table.Parameters?.[METADATA_LOCATION];
  if (location === undefined || location === '') throw new NotAnIcebergTableError(name, `it has no ${METADATA_LOCATION} parameter`);
  return location;
}

/** The current schema's fields, then fields only older schemas have (iceberg.field.current = false), once per name. */
export function glueColumns(metadata: TableMetadata): Column[] {
  const current = currentSchema(metadata);
  const schemas = [current, ...metadata.schemas.filter((s) => s !== current)];
  const columns = new Map<string, Column>();
  for (const schema of schemas) {
    for (const field of schema.fields) {
      if (columns.has(field.name)) continue;
      columns.set(field.name, {
        Name: field.name,
        Type: glueType(field.type),
        ...(field.doc ? { Comment: field.doc } : {}),
        Parameters: {
          'iceberg.field.id': String(field.id),
          'iceberg.field.optional': String(!field.required),
          'iceberg.field.current': String(schema === current),
        },
      });
    }
  }
  return [...columns.values()];
}
