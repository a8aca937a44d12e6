// The catalog tables exactly as PyIceberg's SqlCatalog and Iceberg's JdbcCatalog create them (schema
// v1: iceberg_type tells tables from views; NULL, as v0 catalogs have it, means a table), so PyIceberg
// and Spark can open the same catalog file.
export const SQLITE_CATALOG_DDL = [
  `CREATE TABLE IF NOT EXISTS iceberg_tables (
    catalog_name VARCHAR(255) NOT NULL,
    table_namespace VARCHAR(255) NOT NULL,
    table_name VARCHAR(255) NOT NULL,
    metadata_location VARCHAR(1000),
    previous_metadata_location VARCHAR(1000),
    iceberg_type VARCHAR(5),
    PRIMARY KEY (catalog_name, table_namespace, table_name)
  )`,
  `CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
    catalog_name VARCHAR(255) NOT NULL,
    namespace VARCHAR(255) NOT NULL,
    property_key VARCHAR(255) NOT NULL,
    property_value VARCHAR(1000) NOT NULL,
    PRIMARY KEY (catalog_name, namespace, property_key)
  )`,
] as const;

/** A v0 catalog (created by an older PyIceberg or JdbcCatalog) lacks iceberg_type; this adds it, as their v1 migration does. */
export const SQLITE_CATALOG_V1_MIGRATION = 'ALTER TABLE iceberg_tables ADD COLUMN iceberg_type VARCHAR(5)';

/** Rows that are tables (not views) in a v1 catalog, including rows written by v0 writers. */
export const IS_TABLE = "(iceberg_type = 'TABLE' OR iceberg_type IS NULL)";
