export { DEFAULT_LAKE_HOME, LAKE_HOME_ENV, resolveLakeHome } from './home-location.js';
export { initLakeHome, openLakeHome, type InitResult, type LakeHome } from './home.js';
export { LAKE_CONFIG_FILE, defaultLakeConfig, lakeConfigSchema, type LakeConfig } from './config.js';
export { LakeHomeError } from './errors.js';
