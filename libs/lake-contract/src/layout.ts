// The lake's layout: every object key and prefix the platform writes or reads, in one module. The object
// store root is <home>/lake locally; keys are relative to it. On AWS what arrives (RAW_STORE_PREFIXES) is in the
// raw bucket and the rest in the lake bucket, the same keys in each.
import { posix } from 'node:path';

/** Raw objects as they arrive: raw/<table>/<object> (batch extracts and delivery-stream objects). */
export const RAW_PREFIX = 'raw/';
/** The delivery stream's partition for schema-change (control) records: raw/_control/. */
export const CONTROL_PARTITION = '_control';
export const CONTROL_PREFIX = `${RAW_PREFIX}${CONTROL_PARTITION}/`;
/** The delivery stream's error output: errors/<error kind>/…, as Firehose names it. */
export const ERRORS_PREFIX = 'errors/';
/** Where records the router could not route go, as Firehose's processing-failed error output. */
export const PROCESSING_FAILED_PREFIX = `${ERRORS_PREFIX}processing-failed/`;
/** The delivery stream's dynamic-partitioning key: the router puts each record's lake table (or CONTROL_PARTITION) under it. */
export const DELIVERY_PARTITION_KEY = 'table_name';
/** Every delivery-stream object is gzip'd NDJSON under this extension, which is how registration knows its format. */
export const DELIVERY_OBJECT_EXTENSION = '.ndjson.gz';
/**
 * What arrives, as opposed to what the platform derives from it: raw objects and the delivery stream's error output,
 * PII in clear. On AWS they are kept apart from the lake, in the raw bucket under the raw key (the workers' RAW_URI).
 */
export const RAW_STORE_PREFIXES: readonly string[] = [RAW_PREFIX, ERRORS_PREFIX];
export const BRONZE_PREFIX = 'bronze/';
/** Bronze objects (and quarantined rows) are partitioned by the day their raw object was registered: ingest_date=YYYY-MM-DD. */
export const BRONZE_PARTITION = 'ingest_date';
export const QUARANTINE_PREFIX = 'quarantine/';
/** Processing work files: what a claimed job consumes (bronze objects or upstream snapshots). */
export const WORK_PREFIX = 'work/';

export function rawTablePrefix(table: string): string {
  return `${RAW_PREFIX}${table}/`;
}

/**
 * A batch extract's key is derived from its content, so ingesting the same file twice lands on
 * the same object (and the same ledger record) instead of a duplicate.
 */
export function batchObjectKey(table: string, sha256: string, fileName: string): string {
  const base = fileName.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${rawTablePrefix(table)}batch-${sha256.slice(0, 16)}-${base}`;
}

/** The lake table a raw key belongs to, or undefined for keys outside raw/<table>/ (and _control). */
export function tableOfRawKey(key: string): string | undefined {
  const match = /^raw\/([a-z][a-z0-9_]*)\/[^/]/.exec(key);
  return match?.[1];
}

/** The day an object was registered (UTC): bronze's BRONZE_PARTITION value. */
export function ingestDate(registeredAt: string): string {
  return registeredAt.slice(0, 10);
}

function stem(objectKey: string): string {
  return posix.basename(objectKey).replace(/(\.(csv|ndjson|jsonl|json))?\.gz$/i, '');
}

export function bronzeTablePrefix(table: string): string {
  return `${BRONZE_PREFIX}${table}/`;
}

/** Where a raw object's bronze output goes: deterministic, so processing it again replaces it. */
export function bronzeObjectKey(raw: { readonly table: string; readonly objectKey: string; readonly registeredAt: string }): string {
  return `${bronzeTablePrefix(raw.table)}${BRONZE_PARTITION}=${ingestDate(raw.registeredAt)}/${stem(raw.objectKey)}.parquet`;
}

export function quarantineObjectKey(raw: { readonly table: string; readonly objectKey: string; readonly registeredAt: string }): string {
  return `${QUARANTINE_PREFIX}${raw.table}/${BRONZE_PARTITION}=${ingestDate(raw.registeredAt)}/${stem(raw.objectKey)}.ndjson`;
}

/** An Iceberg table's location under the warehouse: <warehouse>/<layer>/<name> (the original's layout). */
export function tableLocation(warehouse: string, layer: string, name: string): string {
  return `${warehouse.replace(/\/+$/, '')}/${layer}/${name}`;
}

/** The work file of one claimed processing job: work/<layer>/<table>/<workId>.json. */
export function workFileKey(layer: string, table: string, workId: string): string {
  return `${WORK_PREFIX}${layer}/${table}/${workId}.json`;
}

/** The ledger object key of a derived table's work: the upstream commit it must follow. */
/**
 * The ledger object key of a backfill: the whole of a derived table recomputed with the transform whose SHA-256 is
 * `transformSha256`, from the table as of `snapshotId` (so the same transform applied again later is new work).
 */
export function backfillWorkKey(target: { readonly layer: string; readonly name: string }, transformSha256: string, snapshotId: string | null): string {
  return `${target.layer}/${target.name}/backfills/${transformSha256}@${snapshotId ?? 'empty'}`;
}

export function downstreamWorkKey(target: { readonly layer: string; readonly name: string }, upstreamRef: string, snapshotId: string): string {
  return `${target.layer}/${target.name}/inputs/${upstreamRef}@${snapshotId}`;
}
