// The contract as one language-neutral JSON document, for consumers that cannot import TypeScript (the Spark
// jobs in spark/). Everything in it is computed here from the contract and the manifest, so a consumer only
// reads: the resolved tables, the transform SQL with the silver MERGE already filled, the layout's key
// patterns, the Iceberg layers and catalog name, the commit summary names, the defaults and the state machine
// names and placeholders.
import { lakeManifest, type LakeColumn, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import { derivedTableSql, silverMergeSql } from '@datamaster/lake-manifest/transforms';
import * as defaults from '../defaults.js';
import { CATALOG_NAME, ICEBERG_LAYERS } from '../iceberg.js';
import * as layout from '../layout.js';
import { COMMIT_SUMMARY, PROCESSING_JOB_LAYERS, WORK_FILE_VERSION } from '../processing/work.js';
import { INGESTION_STATE_MACHINE, PROCESSING_STATE_MACHINE, definitionPlaceholders } from '../state-machines/definitions.js';
import { INGESTION_STATE_MACHINE_NAME, PROCESSING_STATE_MACHINE_NAME } from '../state-machines/identity.js';

/** Bumped when a field changes meaning or goes away (adding one is compatible). */
export const CONTRACT_DOCUMENT_VERSION = 1;

export interface ContractColumn {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly origin: LakeColumn['origin'];
  /** Computed columns: the SQL deriving the value from the same row. */
  readonly expression?: string;
  readonly pii?: true;
}

export interface ContractTable {
  readonly ref: string;
  readonly layer: string;
  readonly name: string;
  /** Source tables and their bronze and silver projections (derived tables have no source). */
  readonly isSource: boolean;
  readonly columns: readonly ContractColumn[];
  readonly primaryKey: readonly string[];
  readonly partitionBy: readonly string[];
  readonly upstream: readonly string[];
  readonly freshness?: string;
  readonly owner: string;
}

export interface ContractDocument {
  readonly version: typeof CONTRACT_DOCUMENT_VERSION;
  readonly manifest: { readonly name: string; readonly databases: Readonly<Record<string, string>>; readonly tables: readonly ContractTable[] };
  readonly transforms: {
    /** Derived table → its SELECT (transforms/<layer>/<name>.sql). */
    readonly derived: Readonly<Record<string, string>>;
    /** Silver table of a source → its MERGE, the template already filled from the table. */
    readonly silverMerge: Readonly<Record<string, string>>;
  };
  readonly layout: Readonly<Record<string, string>>;
  readonly iceberg: { readonly catalogName: string; readonly layers: readonly string[] };
  readonly processing: { readonly workFileVersion: number; readonly jobLayers: readonly string[]; readonly commitSummary: Readonly<Record<string, string>> };
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Each state machine's deployed name and its deploy-time placeholders. */
  readonly stateMachines: Readonly<Record<string, { readonly name: string; readonly placeholders: readonly string[] }>>;
}

function column(c: LakeColumn): ContractColumn {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    nullable: c.nullable,
    origin: c.origin,
    ...(c.expression === undefined ? {} : { expression: c.expression }),
    ...(c.classification === 'pii' ? { pii: true as const } : {}),
  };
}

function table(t: LakeTable): ContractTable {
  return {
    ref: t.ref,
    layer: t.layer,
    name: t.name,
    isSource: t.source !== undefined,
    columns: t.columns.map(column),
    primaryKey: t.primaryKey,
    partitionBy: t.partitionBy.map((p) => p.column),
    upstream: t.upstream,
    ...(t.freshness === undefined ? {} : { freshness: t.freshness }),
    owner: t.owner,
  };
}

/** Key patterns: the layout's own functions applied to `{name}` placeholders, so they cannot drift from it. */
function keyPatterns(): Record<string, string> {
  return {
    rawPrefix: layout.RAW_PREFIX,
    controlPrefix: layout.CONTROL_PREFIX,
    processingFailedPrefix: layout.PROCESSING_FAILED_PREFIX,
    bronzePrefix: layout.BRONZE_PREFIX,
    quarantinePrefix: layout.QUARANTINE_PREFIX,
    workPrefix: layout.WORK_PREFIX,
    rawTablePrefix: layout.rawTablePrefix('{table}'),
    bronzeTablePrefix: layout.bronzeTablePrefix('{table}'),
    workFileKey: layout.workFileKey('{layer}', '{table}', '{workId}'),
    downstreamWorkKey: layout.downstreamWorkKey({ layer: '{layer}', name: '{table}' }, '{upstreamRef}', '{snapshotId}'),
    tableLocation: layout.tableLocation('{warehouse}', '{layer}', '{table}'),
  };
}

/** The contract document of a manifest (the platform's own by default). */
export function contractDocument(manifest: LakeManifest = lakeManifest()): ContractDocument {
  const derived = manifest.tables.filter((t) => t.source === undefined && t.upstream.length > 0);
  const sourceSilver = manifest.tables.filter((t) => t.layer === 'silver' && t.source !== undefined);
  return {
    version: CONTRACT_DOCUMENT_VERSION,
    manifest: { name: manifest.name, databases: manifest.databases, tables: manifest.tables.map(table) },
    transforms: {
      derived: Object.fromEntries(derived.map((t) => [t.ref, derivedTableSql(t.ref)])),
      silverMerge: Object.fromEntries(sourceSilver.map((t) => [t.ref, silverMergeSql(t)])),
    },
    layout: keyPatterns(),
    iceberg: { catalogName: CATALOG_NAME, layers: ICEBERG_LAYERS },
    processing: { workFileVersion: WORK_FILE_VERSION, jobLayers: PROCESSING_JOB_LAYERS, commitSummary: COMMIT_SUMMARY },
    defaults: {
      ingestionLeaseMs: defaults.INGESTION_LEASE_MS,
      processingLeaseMs: defaults.PROCESSING_LEASE_MS,
      maxAttempts: defaults.MAX_ATTEMPTS,
      retryBackoff: defaults.RETRY_BACKOFF,
      maxRecordsPerJob: defaults.MAX_RECORDS_PER_JOB,
      lambdaMaxRecords: defaults.LAMBDA_MAX_RECORDS,
      lambdaMaxObjectBytes: defaults.LAMBDA_MAX_OBJECT_BYTES,
      processingConcurrency: defaults.PROCESSING_CONCURRENCY,
    },
    stateMachines: {
      ingestion: { name: INGESTION_STATE_MACHINE_NAME, placeholders: definitionPlaceholders(INGESTION_STATE_MACHINE) },
      processing: { name: PROCESSING_STATE_MACHINE_NAME, placeholders: definitionPlaceholders(PROCESSING_STATE_MACHINE) },
    },
  };
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/** The document as committed: keys sorted at every level (arrays keep their order), 2-space indent, final newline. */
export function serializeContractDocument(document: ContractDocument): string {
  return `${JSON.stringify(sortedKeys(document), null, 2)}\n`;
}
