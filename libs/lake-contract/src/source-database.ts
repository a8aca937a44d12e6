// On its own entry point (@datamaster/lake-contract/source-database) too: the embedded PostgreSQL names its database
// with it without loading the manifest.
/** The OLTP database the lake's source tables live in (Aurora on AWS, the embedded PostgreSQL locally); each table's schema and name come from the manifest. */
export const SOURCE_DATABASE = 'dmdb';
