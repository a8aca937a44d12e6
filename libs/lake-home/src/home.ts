// The local lake home: one folder holding the lake, the ledger, the catalog, the masking key and
// the config. `init` is idempotent and never replaces an existing key or config, not even when several commands
// create the same home at once.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { defaultLakeConfig, lakeConfigSchema, type LakeConfig } from './config.js';
import { LAKE_CONFIG_FILE } from './home-location.js';
import { LakeHomeError } from './errors.js';
import { DEFAULT_MEMORY_LIMIT, parseMemorySize } from './memory-size.js';

/** Not in the config: like `run/`, it is the home's own bookkeeping, not a store a user points elsewhere. */
const EXECUTIONS_DIR = 'executions';
const METRICS_DIR = 'metrics';
const LINEAGE_DIR = 'lineage';

/** A lake home with its config loaded and every path made absolute. */
export interface LakeHome {
  readonly root: string;
  readonly config: LakeConfig;
  readonly storageUri: string;
  readonly ledgerDir: string;
  readonly catalogPath: string;
  readonly warehouseDir: string;
  readonly maskingKeyFile: string;
  /** The manifest folder the config names, absolute; absent: the manifest built into the CLI. */
  readonly manifestDir?: string;
  /** The local state machines' executions, one JSON file each (the execution journal); always `executions/` of the root. */
  readonly executionsDir: string;
  /** The workers' and jobs' metrics, CloudWatch EMF lines in one file a day; always `metrics/` of the root. */
  readonly metricsDir: string;
  /** The jobs' OpenLineage run events, JSON lines in one file a day; always `lineage/` of the root. */
  readonly lineageDir: string;
  /** The processing budget in bytes (config.json's processing.memoryLimit, else 2 GB; `--memory-limit` overrides it). */
  readonly memoryLimitBytes: number;
  /** Where the budget came from, to name when it is too small: "--memory-limit", "<config.json> processing.memoryLimit" or the default. */
  readonly memoryLimitSource: string;
  /** Where the embedded engine spills what does not fit its budget. */
  readonly spillDir: string;
}

/**
 * Creates the file whole, unless it exists: link(2) fails on an existing name, so of two processes creating it at
 * once one wins and the other keeps its content (two masking keys would make tokens unjoinable). Returns whether
 * this call created it.
 */
function createFileOnce(path: string, content: string | Buffer, mode?: number): boolean {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function budgetOf(config: LakeConfig, configPath: string): Pick<LakeHome, 'memoryLimitBytes' | 'memoryLimitSource'> {
  const configured = config.processing?.memoryLimit;
  const source = `${configPath} processing.memoryLimit`;
  if (configured === undefined) return { memoryLimitBytes: parseMemorySize(DEFAULT_MEMORY_LIMIT, source), memoryLimitSource: `the default: no processing.memoryLimit in ${configPath}` };
  return { memoryLimitBytes: parseMemorySize(configured, source), memoryLimitSource: source };
}

function toHome(root: string, config: LakeConfig): LakeHome {
  const at = (path: string) => (isAbsolute(path) || /^[a-z][a-z0-9+.-]*:\/\//.test(path) ? path : join(root, path));
  return {
    root,
    config,
    storageUri: at(config.storage.uri),
    ledgerDir: at(config.ledger.dataDir),
    catalogPath: at(config.catalog.sqlitePath),
    warehouseDir: at(config.catalog.warehouse),
    maskingKeyFile: at(config.masking.keyFile),
    executionsDir: join(root, EXECUTIONS_DIR),
    metricsDir: join(root, METRICS_DIR),
    lineageDir: join(root, LINEAGE_DIR),
    ...(config.manifest === undefined ? {} : { manifestDir: at(config.manifest) }),
    ...budgetOf(config, join(root, LAKE_CONFIG_FILE)),
    spillDir: at(config.processing?.spillDir ?? 'spill'),
  };
}

/** The home with another processing budget for this process (`datamaster --memory-limit 4GB`). */
export function withMemoryLimit(home: LakeHome, size: string, source: string): LakeHome {
  return { ...home, memoryLimitBytes: parseMemorySize(size, source), memoryLimitSource: source };
}

export interface InitResult {
  readonly home: LakeHome;
  /** False when the home already existed (its config and key were kept). */
  readonly created: boolean;
}

/** Creates the lake home and its config and masking key, or returns the existing one untouched. */
export function initLakeHome(root: string): InitResult {
  const configPath = join(root, LAKE_CONFIG_FILE);
  const created = !existsSync(configPath) && createFileOnce(configPath, `${JSON.stringify(defaultLakeConfig(), null, 2)}\n`);
  const home = openLakeHome(root);
  for (const dir of [home.ledgerDir, dirname(home.catalogPath)]) mkdirSync(dir, { recursive: true });
  if (!home.storageUri.includes('://')) mkdirSync(home.storageUri, { recursive: true });
  if (!existsSync(home.maskingKeyFile)) createFileOnce(home.maskingKeyFile, randomBytes(32).toString('base64'), 0o600);
  return { home, created };
}

/** Loads an existing lake home; fails with the command that creates it. */
export function openLakeHome(root: string): LakeHome {
  const configPath = join(root, LAKE_CONFIG_FILE);
  if (!existsSync(configPath)) throw new LakeHomeError(`No lake home at ${root} (no ${LAKE_CONFIG_FILE}). Create it with: datamaster init --home ${root}`, root);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (error) {
    throw new LakeHomeError(`${configPath} is not valid JSON (${(error as Error).message}). Fix it, or move it away and run datamaster init again.`, root);
  }
  const parsed = lakeConfigSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LakeHomeError(`${configPath}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}. Fix the field, or move the file away and run datamaster init again.`, root);
  }
  return toHome(root, parsed.data);
}
