// What an Iceberg lake table records, in its table properties, about the manifest its data was built with: the
// transform every partition of a derived table was computed with, and which columns its data holds masked, how.
// `datamaster plan` compares them with a manifest; `datamaster apply` moves them on once the data follows (a
// backfill run, files rewritten masked). Spark, Athena and the Glue console show them as the table's properties.
import type { LakeTable } from '../model.js';
import type { Masking } from '../schema.js';
import { transformFile } from '../transform-files.js';

export const APPLIED_PROPERTIES = {
  transform: 'datamaster.transform',
  /** JSON: field id → masking, for every column the data holds masked. */
  piiMasking: 'datamaster.pii-masking',
} as const;

export interface AppliedState {
  /** The SQL every partition of a derived table was computed with; undefined when the table records none. */
  readonly transform?: string;
  /** Field id → masking of the columns the data holds masked; undefined when the table records none. */
  readonly piiMasking?: ReadonlyMap<number, Masking>;
}

/** The properties of `table` built with the manifest version whose transform files are `transforms`. */
export function appliedProperties(table: LakeTable, transforms: ReadonlyMap<string, string>): Record<string, string> {
  const transform = transforms.get(transformFile(table.ref));
  const masked = Object.fromEntries(table.columns.filter((c) => c.classification === 'pii').map((c) => [String(c.id), c.masking]));
  return { ...(transform === undefined ? {} : { [APPLIED_PROPERTIES.transform]: transform }), [APPLIED_PROPERTIES.piiMasking]: JSON.stringify(masked) };
}

/** The applied state a table's properties record (tables created before they were recorded have none). */
export function appliedState(properties: Readonly<Record<string, string>>): AppliedState {
  const transform = properties[APPLIED_PROPERTIES.transform];
  const masking = properties[APPLIED_PROPERTIES.piiMasking];
  return {
    ...(transform === undefined ? {} : { transform }),
    ...(masking === undefined ? {} : { piiMasking: new Map(Object.entries(JSON.parse(masking) as Record<string, Masking>).map(([id, how]) => [Number(id), how])) }),
  };
}
