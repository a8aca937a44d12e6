// The router: one DMS record in, one NDJSON line and its partition out, or a failure with the
// reason. The Firehose Lambda and the local delivery stream both call it, so a change is routed
// the same way on AWS and on a laptop.
import { lakeManifest, type LakeManifest } from '@datamaster/lake-manifest';
import { CONTROL_PARTITION } from '@datamaster/lake-contract';
import type { z } from 'zod';
import { dmsControlRecordSchema, dmsDataRecordSchema, type DmsDataRecord } from '../envelope.js';
import { toUtcMicros } from './change-time.js';
import { LocatedRecord } from './located-record.js';
import { parseLsn } from './lsn.js';
import { sourceTablesByQualifiedName, type SourceTableShape } from './source-tables.js';


export interface RouteContext {
  /**
   * change_seq of a record whose stream-position is not a PostgreSQL LSN: the Kinesis arrival time
   * in ms × 1000 + the record's index in the Firehose batch, or the local stream's own counter.
   */
  readonly fallbackSeq: bigint;
  /** Defaults to the platform's lake manifest. */
  readonly manifest?: LakeManifest;
}

export interface RoutedChange {
  readonly result: 'Ok';
  /** The Firehose partition key (DELIVERY_PARTITION_KEY): the lake table (e.g. "review"), or CONTROL_PARTITION. */
  readonly tableName: string;
  /** One NDJSON line, ending in "\n". */
  readonly line: string;
}

export interface FailedChange {
  readonly result: 'ProcessingFailed';
  /** What is wrong and how to fix it. */
  readonly problem: string;
  /** The problem prefixed with the record's origin when known: what the error output keeps. */
  readonly reason: string;
  /** The record's line in the file it was read from, when it came from one. */
  readonly line?: number;
  /** The source table the record names (schema.table), when it names one. */
  readonly table?: string;
  /** The record as received (text stays text), so nothing about it is lost. */
  readonly record: unknown;
}

export type RouterOutcome = RoutedChange | FailedChange;

/** Why the router refuses a record; routeChange turns it into a ProcessingFailed outcome. */
class RouterRejection extends Error {
  override readonly name = 'RouterRejection';
}

/**
 * Routes one change. `input` is a DMS record (object), its JSON text (string or bytes), or either
 * wrapped in a LocatedRecord. Never throws for bad input: it comes back as ProcessingFailed.
 */
export function routeChange(input: unknown, context: RouteContext): RouterOutcome {
  const located = input instanceof LocatedRecord ? input : undefined;
  const raw = located ? located.record : input;
  const received = raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : raw;
  let value: unknown;
  try {
    value = typeof received === 'string' ? parseJson(received) : received;
    return route(value, context);
  } catch (error) {
    if (!(error instanceof RouterRejection)) throw error;
    return {
      result: 'ProcessingFailed',
      problem: error.message,
      reason: located ? `${located.origin}: ${error.message}` : error.message,
      record: received,
      line: located?.line,
      table: namedTable(value),
    };
  }
}

/** The error-object line for a failure: { reason, table, record } (table only when the record names one). */
export function failureLine(failure: FailedChange): string {
  return `${JSON.stringify({ reason: failure.reason, table: failure.table, record: failure.record })}\n`;
}

/** "schema.table" from a record's metadata, whether or not the rest of the record is valid. */
function namedTable(value: unknown): string | undefined {
  const metadata = (value as { metadata?: Record<string, unknown> } | null | undefined)?.metadata;
  const schema = metadata?.['schema-name'];
  const table = metadata?.['table-name'];
  return typeof schema === 'string' && typeof table === 'string' ? `${schema}.${table}` : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RouterRejection(`malformed JSON: ${(error as Error).message}`);
  }
}

function route(value: unknown, context: RouteContext): RoutedChange {
  const isControl = (value as { metadata?: { 'record-type'?: unknown } } | null)?.metadata?.['record-type'] === 'control';
  if (isControl) {
    const control = validate(dmsControlRecordSchema, value);
    // The record as sent (zod would strip fields it does not model), so the schema change is kept whole.
    const line = JSON.stringify({ ...(value as object), change_ts: changeTs(control.metadata) });
    return { result: 'Ok', tableName: CONTROL_PARTITION, line: `${line}\n` };
  }
  const change = validate(dmsDataRecordSchema, value);
  const table = declaredTable(change, context.manifest ?? lakeManifest());
  return { result: 'Ok', tableName: table.name, line: flatten(change, context.fallbackSeq) };
}

function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}${shownValue(value, issue.path)}`);
  throw new RouterRejection(`not a DMS record: ${issues.join('; ')}`);
}

/** ", got <value>" for a scalar at the path: zod's messages name what was expected, not what came. */
function shownValue(root: unknown, path: readonly PropertyKey[]): string {
  const value = path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), root);
  return value === null || ['string', 'number', 'boolean'].includes(typeof value) ? `, got ${JSON.stringify(value)?.slice(0, 80)}` : '';
}

function declaredTable(change: DmsDataRecord, manifest: LakeManifest): SourceTableShape {
  const tables = sourceTablesByQualifiedName(manifest);
  const qualifiedName = `${change.metadata['schema-name']}.${change.metadata['table-name']}`;
  const table = tables.get(qualifiedName);
  if (!table) {
    throw new RouterRejection(
      `table ${qualifiedName} is not in the lake manifest (source tables: ${[...tables.keys()].join(', ')}); ` +
        'declare it under libs/lake-manifest/tables/sources/ or leave it out of the DMS table mappings',
    );
  }
  for (const [column, value] of Object.entries(change.data)) {
    if (!table.columns.has(column)) {
      throw new RouterRejection(
        `column "${column}" of ${qualifiedName} is not declared in the lake manifest (declared: ${[...table.columns].join(', ')}); ` +
          `add it to the ${table.name} table's file before the source sends it`,
      );
    }
    // JSON.parse has already rounded such a number: refuse it rather than pass on a different value.
    if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
      throw new RouterRejection(`column "${column}" of ${qualifiedName} holds ${value}, beyond 2^53: JSON numbers that large cannot be carried exactly`);
    }
  }
  const missingKey = table.primaryKey.filter((column) => change.data[column] === undefined || change.data[column] === null);
  if (missingKey.length > 0) throw new RouterRejection(`the ${change.metadata.operation} of ${qualifiedName} lacks its primary key ${missingKey.join(', ')}`);
  return table;
}

function changeTs(metadata: { readonly timestamp: string; readonly 'commit-timestamp'?: string | undefined }): string {
  const field = metadata['commit-timestamp'] === undefined ? 'timestamp' : 'commit-timestamp';
  const value = metadata[field] as string;
  const normalized = toUtcMicros(value);
  if (normalized === undefined) throw new RouterRejection(`metadata.${field} ${JSON.stringify(value)} is not an ISO-8601 date-time`);
  return normalized;
}

/** The row plus the bronze change columns (BRONZE_SYSTEM_COLUMNS op, change_ts, change_txn_id, change_seq). */
function flatten(change: DmsDataRecord, fallbackSeq: bigint): string {
  const { metadata } = change;
  const position = metadata['stream-position'];
  const seq = (position === undefined ? undefined : parseLsn(position)) ?? fallbackSeq;
  const head = JSON.stringify({ ...change.data, op: metadata.operation, change_ts: changeTs(metadata), change_txn_id: metadata['transaction-id'] ?? null });
  // change_seq is a 64-bit integer: written as exact digits, which JSON.stringify cannot do for a bigint.
  return `${head.slice(0, -1)},"change_seq":${seq}}\n`;
}
