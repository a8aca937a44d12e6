// Everything callers hand the ledger is checked here, before any write, so bad input fails with every problem
// named and the ledger unchanged.
import { CATALOG_LAYERS } from '@datamaster/lake-manifest';
import { z } from 'zod';
import { LedgerInputError } from './errors.js';
import {
  LEDGER_STATUSES,
  OBJECT_FORMATS,
  REDRIVABLE_STATUSES,
  type BackoffOptions,
  type ClaimOptions,
  type ListByLayerOptions,
  type ListDueOptions,
  type ListOptions,
  type RegisterInput,
  type ReprocessSelection,
  type RunOutcome,
} from '@datamaster/lake-contract';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 50;

// Not trimmed: a key with spaces is a valid, different S3 key, and the record id is derived from it.
const text = z.string().regex(/\S/, 'must be a non-blank string');
const count = z.int().nonnegative();
const attributes = z.record(z.string(), z.string());
const layer = z.enum(CATALOG_LAYERS);
const limit = z.int().min(1).max(MAX_PAGE_SIZE).optional();
// z.date() refuses an Invalid Date, which would otherwise fail later in toISOString().
export const dateSchema = z.date();

export const tableNameSchema = z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be a DynamoDB table name: 3 to 255 of a-z A-Z 0-9 _ . -');
export const backoffSchema: z.ZodType<BackoffOptions> = z
  .strictObject({ baseMs: z.int().positive(), capMs: z.int().positive() })
  .refine((backoff) => backoff.capMs >= backoff.baseMs, 'capMs must be at least baseMs');
export const leaseMsSchema = z.int().positive();
export const ownerSchema = text;

export const registerInputSchema: z.ZodType<RegisterInput> = z.strictObject({
  layer,
  table: text,
  objectKey: text,
  etag: text,
  objectSize: count,
  format: z.enum(OBJECT_FORMATS),
  source: text,
  estimatedRecords: count.optional(),
  maxAttempts: z.int().min(1).optional(),
  attributes: attributes.optional(),
});

export const claimOptionsSchema: z.ZodType<ClaimOptions> = z.strictObject({
  owner: ownerSchema,
  leaseMs: leaseMsSchema,
  now: dateSchema.optional(),
  computeTarget: text.optional(),
  executionId: text.optional(),
  holder: z.strictObject({ host: text, pid: z.number().int().positive(), started: text }).optional(),
  takeOverFrom: ownerSchema.optional(),
  attributes: z.record(z.string(), z.string()).optional(),
});

export const runOutcomeSchema: z.ZodType<RunOutcome> = z.strictObject({
  rowsIn: count,
  rowsOut: count,
  rowsQuarantined: count,
  bytesIn: count,
  bytesOut: count,
  checksum: z.string().regex(/^([0-9a-f]{64}|[0-9a-f]{32}(-[0-9]+)?)$/, 'must be a SHA-256 digest in lowercase hex (64 characters), or an object ETag (32 hex characters, -<parts> for a multipart upload)'),
  outputKeys: z.array(text),
  quarantineKey: text.optional(),
  executionId: text.optional(),
  computeTarget: text.optional(),
  attributes: attributes.optional(),
});

export const listOptionsSchema: z.ZodType<ListOptions> = z.strictObject({
  table: text,
  status: z.enum(LEDGER_STATUSES).optional(),
  layer: layer.optional(),
  limit,
  cursor: z.string().optional(),
});

export const listByLayerOptionsSchema: z.ZodType<ListByLayerOptions> = z.strictObject({
  layer,
  status: z.enum(LEDGER_STATUSES),
  limit,
  cursor: z.string().optional(),
});

export const listDueOptionsSchema: z.ZodType<ListDueOptions> = z.strictObject({ layer, now: dateSchema.optional(), limit });

export const reprocessSelectionSchema: z.ZodType<ReprocessSelection> = z.union([
  z.strictObject({ table: text, status: z.enum(REDRIVABLE_STATUSES).optional(), layer: layer.optional() }),
  z.strictObject({ status: z.enum(REDRIVABLE_STATUSES), layer: layer.optional() }),
]);

export const layerFilterSchema = z.strictObject({ layer: layer.optional() });

/** Parses or throws a LedgerInputError naming each bad field, e.g. "objectSize: Too small: expected number to be >=0". */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new LedgerInputError(
    what,
    result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(value)'}: ${issue.message}`),
  );
}
