export {
  generateSeedDataset,
  type GenerateSeedDatasetOptions,
  type SeedDatasetSummary,
  type SeedProgress,
  type SeedTableSummary,
} from './generate.js';
export { MAX_SCALE, SEED_TABLES, seedRowCounts, type SeedTable } from './options.js';
export { InvalidCellError, InvalidSeedOptionError, MissingColumnError, UnsupportedColumnError } from './errors.js';
