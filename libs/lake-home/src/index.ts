export { DEFAULT_LAKE_HOME, LAKE_CONFIG_FILE, LAKE_HOME_ENV, resolveLakeHome } from './home-location.js';
export { initLakeHome, openLakeHome, type InitResult, type LakeHome } from './home.js';
export { defaultLakeConfig, lakeConfigSchema, type LakeConfig } from './config.js';
export { LakeHomeError } from './errors.js';
