// The embedded engine over a local platform, on its own entry point: commands that only ingest or read the ledger
// load neither DuckDB nor the Iceberg catalog.
export { openLakeCatalog, openLocalLakehouse, type LocalLakehouse } from './local-lakehouse.js';
