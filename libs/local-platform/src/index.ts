export { acquireLedgerService, type LedgerEndpoint, type LedgerService } from './ledger-service.js';
export { openLocalPlatform, type LocalPlatform } from './local-platform.js';
