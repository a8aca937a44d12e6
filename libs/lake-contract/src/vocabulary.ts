// The contract's fixed word lists, on their own entry point: a command line offers them as choices while it starts,
// and importing them from here loads neither the manifest nor its validator.
export { CATALOG_LAYERS, type CatalogLayer } from '@datamaster/lake-manifest/vocabulary';
export { LEDGER_STATUSES, type LedgerStatus } from './ledger/model.js';
export { PROCESSING_LAYERS, type ProcessingLayers } from './processing/work.js';
export { RAW_FORMATS, type RawFormat } from './raw-objects.js';
