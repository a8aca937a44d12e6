// The control ledger's DynamoDB adapter. The record model, its states and transitions, and the table's
// definition are the contract's (@datamaster/lake-contract); this library stores and moves records.
export { ControlLedger, type ControlLedgerOptions } from './control-ledger.js';
export { openLedger, type OpenLedgerOptions } from './open-ledger.js';
export { ensureLedgerTable } from './ledger-table.js';
export { abandonedLeaseOwner, holderGone, thisProcess } from './lease-holder.js';
export { LedgerInputError, LedgerRecordNotFoundError, LedgerTableMismatchError } from './errors.js';
