// What the converter needs to know about one lake table, read once from the manifest: the bronze
// columns in order with their Arrow/Parquet types and field ids, which of them come from the source
// (and how the source encodes them), and where the system columns sit.
import { BRONZE_SYSTEM_COLUMNS, columnarSchema, getTable, type ColumnarField, type LakeColumn, type LakeManifest, type Masking } from '@datamaster/lake-manifest';
import { UnsupportedBronzeColumnError } from '../errors.js';

export interface SourceColumnPlan {
  /** Position among the bronze columns (and so in every row group). */
  readonly index: number;
  readonly name: string;
  readonly field: ColumnarField;
  /** The source stores this timestamp as integer unix seconds. */
  readonly unixSeconds: boolean;
  /** Non-nullable in the source: load/insert/update rows must carry a value. */
  readonly required: boolean;
  /** Part of the primary key: every row, deletes included, must carry a value. */
  readonly key: boolean;
  readonly masking?: Masking;
}

/** Positions of the platform's columns among the bronze columns. */
export interface SystemColumnIndexes {
  readonly op: number;
  readonly change_ts: number;
  readonly change_txn_id: number;
  readonly change_seq: number;
  readonly raw_object_key: number;
  readonly ingested_at: number;
}

export interface BronzePlan {
  /** "bronze.<table>", for messages. */
  readonly ref: string;
  /** Every bronze column, in order: the Parquet schema. */
  readonly fields: readonly ColumnarField[];
  /** The source columns, in the source table's order (the CSV header's order). */
  readonly source: readonly SourceColumnPlan[];
  readonly system: SystemColumnIndexes;
}


function sourceEncoding(ref: string, column: LakeColumn): boolean {
  const encoding = column.source?.encoding;
  if (encoding === undefined) return false;
  if (encoding === 'unix-seconds' && column.type === 'timestamptz') return true;
  throw new UnsupportedBronzeColumnError(ref, column.name, `source encoding "${encoding}" of a ${column.type} column`);
}

/** A PII column must say how it is masked (the manifest validates this; the converter never guesses). */
function piiMasking(ref: string, column: LakeColumn): Masking {
  if (!column.masking) throw new UnsupportedBronzeColumnError(ref, column.name, 'a PII column without a masking policy');
  return column.masking;
}

/** Throws UnknownTableError for a table the manifest lacks, UnsupportedBronzeColumnError for a column it cannot type. */
export function bronzePlan(manifest: LakeManifest, table: string): BronzePlan {
  const source = getTable(manifest, `source.${table}`);
  const bronze = getTable(manifest, `bronze.${table}`);
  const fields = columnarSchema(bronze);
  const indexOf = (name: string): number => {
    const index = fields.findIndex((f) => f.name === name);
    if (index < 0) throw new UnsupportedBronzeColumnError(bronze.ref, name, 'a column the bronze table lacks');
    return index;
  };
  // The system columns whose values the converter produces; their types and ids come from the manifest.
  const system = (name: keyof SystemColumnIndexes): number => {
    if (!BRONZE_SYSTEM_COLUMNS.some((c) => c.name === name)) throw new UnsupportedBronzeColumnError(bronze.ref, name, 'an undeclared system column');
    return indexOf(name);
  };
  return {
    ref: bronze.ref,
    fields,
    system: {
      op: system('op'),
      change_ts: system('change_ts'),
      change_txn_id: system('change_txn_id'),
      change_seq: system('change_seq'),
      raw_object_key: system('raw_object_key'),
      ingested_at: system('ingested_at'),
    },
    source: source.columns.map((column) => {
      const index = indexOf(column.name);
      return {
        index,
        name: column.name,
        field: fields[index] as ColumnarField,
        unixSeconds: sourceEncoding(bronze.ref, column),
        required: !column.nullable,
        key: source.primaryKey.includes(column.name),
        ...(column.classification === 'pii' ? { masking: piiMasking(bronze.ref, column) } : {}),
      };
    }),
  };
}
