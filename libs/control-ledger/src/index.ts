export { ControlLedger, type ControlLedgerOptions } from './control-ledger.js';
export { openLedger, type OpenLedgerOptions } from './open-ledger.js';
export { ensureLedgerTable, ledgerTableDefinition } from './ledger-table.js';
export { ledgerRecordId, normalizeEtag } from './record-id.js';
export { MAX_ERROR_BYTES, retryDelayMs } from './failure.js';
export {
  LedgerAttemptsExhaustedError,
  LedgerConflictError,
  LedgerInputError,
  LedgerRecordNotFoundError,
  LedgerTableMismatchError,
  type LedgerOperation,
} from './errors.js';
export {
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  LEDGER_STATUSES,
  OBJECT_FORMATS,
  REDRIVABLE_STATUSES,
  type BackoffOptions,
  type ClaimOptions,
  type LedgerCounts,
  type LedgerFailure,
  type LedgerPage,
  type LedgerRecord,
  type LedgerStatus,
  type ListByLayerOptions,
  type ListDueOptions,
  type ListOptions,
  type ObjectFormat,
  type RedrivableStatus,
  type RegisterInput,
  type ReprocessSelection,
  type RunOutcome,
} from './model.js';
