// The resolved lake: every table of every layer with its full column list. This is what
// consumers read; the file formats in schema.ts are only how it is written down.
import type { Classification, LakeFormationPermission, Masking, Migration } from './schema.js';
import type { CatalogLayer, LakeLayer, LogicalType } from './vocabulary.js';

export type TableRef = `${LakeLayer}.${string}`;

export interface LakeColumn {
  /** Iceberg field id, stable across layers and schema changes. */
  readonly id: number;
  readonly name: string;
  readonly type: LogicalType;
  readonly nullable: boolean;
  readonly description: string;
  readonly classification: Classification;
  /** Set for PII columns: how bronze masks the value. */
  readonly masking?: Masking;
  /** OLTP representation, when it differs from the lake type (source and bronze input only). */
  readonly source?: { readonly pgType: string; readonly encoding?: 'unix-seconds' };
  /** For computed columns: the SQL that derives the value from the same row. */
  readonly expression?: string;
  /** Where the column comes from: declared in the table's file, added by the platform, computed, or inherited. */
  readonly origin: 'declared' | 'system' | 'computed' | 'inherited';
  /** For inherited columns: the upstream column, as "<layer>.<table>.<column>". */
  readonly inheritedFrom?: string;
}

export interface PartitionField {
  readonly column: string;
  readonly transform: 'identity';
}

export interface LakeTable {
  readonly ref: TableRef;
  readonly layer: LakeLayer;
  readonly name: string;
  readonly domain: string;
  readonly owner: string;
  readonly description: string;
  readonly columns: readonly LakeColumn[];
  readonly primaryKey: readonly string[];
  readonly partitionBy: readonly PartitionField[];
  readonly upstream: readonly TableRef[];
  /** ISO-8601 duration; absent for OLTP sources, which the lake does not refresh. */
  readonly freshness?: string;
  /** For source tables and their bronze/silver projections: the OLTP schema and table. */
  readonly source?: { readonly schema: string; readonly table: string };
  /** The manifest file that declares this table. */
  readonly file: string;
  /** Breaking changes declared as intended (silver tables of sources and derived tables only). */
  readonly migrations?: readonly Migration[];
}

export interface Principal {
  readonly name: string;
  readonly description: string;
  readonly access: readonly {
    readonly layers: readonly CatalogLayer[];
    readonly permissions: readonly LakeFormationPermission[];
    readonly pii: 'include' | 'exclude';
  }[];
}

export interface LakeManifest {
  readonly name: string;
  /** Backstage group ref of the team that runs the lake as a whole. */
  readonly owner: string;
  readonly databases: Readonly<Record<CatalogLayer, string>>;
  readonly principals: readonly Principal[];
  /** Every table: sources, bronze, silver projections (each by name), then derived tables in dependency order. */
  readonly tables: readonly LakeTable[];
}
