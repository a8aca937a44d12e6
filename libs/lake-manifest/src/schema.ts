// The lake manifest's file formats, as zod schemas. Types are inferred from them, so the
// validator and the TypeScript types can never disagree.
import { z } from 'zod';
import { CATALOG_LAYERS, LOGICAL_TYPES, MIGRATED_CHANGES } from './vocabulary.js';


const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case snake_case identifier (a-z, 0-9, _; starting with a letter)');

const tableRef = z
  .string()
  .regex(/^(source|bronze|silver|gold)\.[a-z][a-z0-9_]*$/, 'expected "<layer>.<table>", e.g. "silver.review"');

const columnRef = z
  .string()
  .regex(/^(source|bronze|silver|gold)\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'expected "<layer>.<table>.<column>", e.g. "silver.beer.beer_name"');

/** ISO-8601 duration (PT30M, PT1H, P1D, P1DT12H): how stale a table may get before it is late. */
const isoDuration = z
  .string()
  .regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'expected an ISO-8601 duration such as "PT1H" or "P1D"');

/** Backstage entity reference of the owning group. */
const ownerRef = z.string().regex(/^group:[a-z0-9-]+\/[a-z0-9-]+$/, 'expected a Backstage group ref such as "group:default/data-platform"');

/**
 * Column ids are the Iceberg field ids of the column in every layer it reaches. They are declared,
 * never computed from position, so reordering or dropping a column never renumbers the others.
 * 1–999 are for declared columns; 1000+ are reserved for the platform's system columns.
 */
const columnId = z.number().int().min(1).max(999);

export const classificationSchema = z.enum(['public', 'pii']);
export type Classification = z.infer<typeof classificationSchema>;
export const maskingSchema = z.enum(['hmac-sha256', 'redact']);
export type Masking = z.infer<typeof maskingSchema>;

const columnBase = {
  id: columnId,
  name: identifier,
  description: z.string().min(1, 'expected a description of what the column holds'),
};

/** A column declared in full. */
export const declaredColumnSchema = z.strictObject({
  ...columnBase,
  type: z.enum(LOGICAL_TYPES),
  nullable: z.boolean(),
  classification: classificationSchema.default('public'),
  /** How a PII column is masked before it reaches bronze. Required when classification is "pii". */
  masking: maskingSchema.optional(),
  /** The column in the OLTP source, when its representation differs from the lake type. */
  source: z
    .strictObject({
      pgType: z.string().min(1),
      /** How the source value encodes the lake type, e.g. unix seconds for a timestamptz. */
      encoding: z.enum(['unix-seconds']).optional(),
    })
    .optional(),
});

/** A column computed from others of the same row (e.g. review_year), with its SQL expression. */
export const computedColumnSchema = z.strictObject({
  ...columnBase,
  type: z.enum(LOGICAL_TYPES),
  nullable: z.boolean(),
  /** Spark SQL and DuckDB SQL both evaluate it (session time zone UTC). */
  expression: z.string().min(1),
});

/** A column taken from an upstream table: type, description and PII class come from there. */
export const inheritedColumnSchema = z.strictObject({
  id: columnId,
  name: identifier.optional(),
  from: columnRef,
  description: z.string().min(1).optional(),
  nullable: z.boolean().optional(),
});

/** A breaking change declared as intended, with what `datamaster apply` does about it (see MIGRATED_CHANGES). */
export const migrationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case id, e.g. "2026-12-top-drinkers-key"'),
  change: z.enum(MIGRATED_CHANGES),
  /** For a column change: the column, by its new name. Without it, the migration covers the change on any column. */
  column: identifier.optional(),
  reason: z.string().min(1, 'say why the change is wanted'),
});
export type Migration = z.infer<typeof migrationSchema>;

const partitionFieldSchema = z.strictObject({ column: identifier, transform: z.literal('identity').default('identity') });

/** A CDC/batch source table: declares the OLTP table once; bronze and silver derive from it. */
export const sourceTableFileSchema = z.strictObject({
  kind: z.literal('source-table'),
  name: identifier,
  domain: identifier,
  owner: ownerRef,
  description: z.string().min(1),
  source: z.strictObject({ schema: identifier, table: identifier }),
  primaryKey: z.array(identifier).min(1),
  columns: z.array(declaredColumnSchema).min(1),
  bronze: z.strictObject({ freshness: isoDuration, description: z.string().min(1).optional() }),
  silver: z.strictObject({
    freshness: isoDuration,
    description: z.string().min(1).optional(),
    computedColumns: z.array(computedColumnSchema).default([]),
    partitionBy: z.array(partitionFieldSchema).default([]),
  }),
  /**
   * Migrations of its silver table's breaking changes. A declassified column is taken as it is; for any other
   * (a key, a narrowed type), `apply` rebuilds the silver table from every bronze change since the start.
   */
  migrations: z.array(migrationSchema).default([]),
});
export type SourceTableFile = z.infer<typeof sourceTableFileSchema>;

/** A table built by a transform from other lake tables (review_flat, the gold tables). */
export const derivedTableFileSchema = z.strictObject({
  kind: z.literal('derived-table'),
  layer: z.enum(['silver', 'gold']),
  name: identifier,
  domain: identifier,
  owner: ownerRef,
  description: z.string().min(1),
  upstream: z.array(tableRef).min(1),
  primaryKey: z.array(identifier).min(1),
  partitionBy: z.array(partitionFieldSchema).default([]),
  freshness: isoDuration,
  columns: z.array(z.union([inheritedColumnSchema, declaredColumnSchema.omit({ source: true }), computedColumnSchema])).min(1),
  migrations: z.array(migrationSchema).default([]),
});
export type DerivedTableFile = z.infer<typeof derivedTableFileSchema>;

export const tableFileSchema = z.discriminatedUnion('kind', [sourceTableFileSchema, derivedTableFileSchema]);
export type TableFile = z.infer<typeof tableFileSchema>;

const lakeFormationPermission = z.enum(['ALL', 'SELECT', 'INSERT', 'DELETE', 'DESCRIBE', 'ALTER', 'DROP']);
export type LakeFormationPermission = z.infer<typeof lakeFormationPermission>;

/** Lake-wide settings: catalog database names and the principals with their access policy. */
export const lakeFileSchema = z.strictObject({
  name: identifier,
  /** Who runs the lake as a whole (the portal's System and Domains); each table names its own owner. */
  owner: ownerRef,
  databases: z.strictObject({ bronze: identifier, silver: identifier, gold: identifier }),
  principals: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a kebab-case principal name'),
        description: z.string().min(1),
        access: z
          .array(
            z.strictObject({
              layers: z.array(z.enum(CATALOG_LAYERS)).min(1),
              permissions: z.array(lakeFormationPermission).min(1),
              /** "exclude": PII columns are left out of the grant (Lake Formation excluded columns). */
              pii: z.enum(['include', 'exclude']),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});
export type LakeFile = z.infer<typeof lakeFileSchema>;
