export { DEFAULT_LAKE_HOME, LAKE_CONFIG_FILE, LAKE_HOME_ENV, resolveLakeHome } from './home-location.js';
export { initLakeHome, openLakeHome, withMemoryLimit, type InitResult, type LakeHome } from './home.js';
export { DEFAULT_MEMORY_LIMIT, InvalidMemorySizeError, MemoryLimitTooSmallError, MIN_MEMORY_LIMIT, parseMemorySize } from './memory-size.js';
export { defaultLakeConfig, lakeConfigSchema, type LakeConfig } from './config.js';
export { LakeHomeError } from './errors.js';
