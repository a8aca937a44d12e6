/** The OLTP database the lake's source tables live in (Aurora on AWS, the embedded PostgreSQL locally); each table's schema and name come from the manifest. */
export const SOURCE_DATABASE = 'dmdb';
