export { openEngineSession, type EngineSession, type EngineSessionOptions } from './engine/duckdb-session.js';
export { EMBEDDED_ENGINE, type LakehouseContext } from './engine/context.js';
export { embeddedEngine, runJob } from './engine/run-job.js';
export { createTableView, liveFiles, parquetSelect, type TableViewOptions } from './engine/table-view.js';
export { JobFailedError, NotLocalLocationError } from './errors.js';
export { governedQuery, type GovernedQueryDeps, type GovernedQueryOptions } from './query/governed-query.js';
export { ColumnAccessDeniedError, QueryRefusedError, TableAccessDeniedError, UnknownPrincipalError } from './query/query-errors.js';
export type { QueryResult, QueryValue } from './query/query-result.js';
export { maintainTables, type MaintenanceOptions, type TableMaintenance } from './maintenance/maintain-tables.js';
