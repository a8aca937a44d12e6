export { acquireLedgerService, type LedgerEndpoint, type LedgerService } from './ledger-service.js';
export { openLocalPlatform, type LocalPlatform } from './local-platform.js';
export { openLocalLakehouse, type LocalLakehouse } from './local-lakehouse.js';
