export { sourceDdl } from './ddl.js';
export { migrate, DEFAULT_PUBLICATION, type MigrateOptions, type MigrateResult } from './migrate.js';
export { seedPostgres, OLTP_SEED_TABLES, type SeedPostgresOptions, type SeededTable } from './seed.js';
export { PostgresCdcSource, type PostgresCdcSourceOptions } from './postgres-cdc-source.js';
export type { TruncateEvent } from './transaction-decoder.js';
export { filePositionStore, type PositionStore } from './position-store.js';
export {
  CdcSourceStateError,
  InvalidLsnError,
  InvalidPositionFileError,
  PublicationMissingError,
  ReplicationSlotError,
  ReplicationSlotLostError,
  ReplicationStreamError,
  SeedLoadError,
  SourceSchemaDriftError,
  UnknownSourceTableError,
} from './errors.js';
