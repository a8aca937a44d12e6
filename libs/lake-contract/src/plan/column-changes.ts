// The changes between two versions of one table's columns, matched by field id (a rename keeps the id).
import type { LakeColumn, LakeTable } from '@datamaster/lake-manifest';
import { canPromote, PROMOTION_RULE } from '../type-promotion.js';
import type { ManifestChange } from './plan-model.js';

/** Whether a column of `table` is read downstream: by an inheriting column or by the text of a downstream transform. */
export type ReadDownstream = (table: LakeTable, column: string) => readonly string[];

export function columnChanges(before: LakeTable, after: LakeTable, readBy: ReadDownstream): ManifestChange[] {
  const changes: ManifestChange[] = [];
  const change = (c: Omit<ManifestChange, 'table'>) => changes.push({ table: after.ref, ...c });
  const old = new Map(before.columns.map((c) => [c.id, c]));
  const current = new Map(after.columns.map((c) => [c.id, c]));
  for (const column of after.columns) {
    const was = old.get(column.id);
    if (was === undefined) {
      change({ kind: 'column-added', class: column.nullable ? 'automatic' : 'breaking', column: column.name, detail: column.nullable ? `${column.type}, nullable` : `${column.type}, not null: rows written before it would hold no value` });
      continue;
    }
    changes.push(...changesOfColumn(before, after, was, column, readBy));
  }
  for (const column of before.columns) {
    if (current.has(column.id)) continue;
    const readers = readBy(before, column.name);
    change({ kind: 'column-dropped', class: readers.length > 0 ? 'breaking' : 'automatic', column: column.name, detail: readers.length > 0 ? `still read by ${readers.join(', ')}` : `id ${column.id}` });
  }
  const order = (columns: readonly LakeColumn[]) => columns.filter((c) => old.has(c.id) && current.has(c.id)).map((c) => c.id).join(',');
  if (order(before.columns) !== order(after.columns)) change({ kind: 'column-reordered', class: 'automatic', detail: after.columns.map((c) => c.name).join(', ') });
  return changes;
}

function changesOfColumn(before: LakeTable, after: LakeTable, was: LakeColumn, column: LakeColumn, readBy: ReadDownstream): ManifestChange[] {
  const changes: ManifestChange[] = [];
  const change = (c: Omit<ManifestChange, 'table' | 'column'>) => changes.push({ table: after.ref, column: column.name, ...c });
  if (was.name !== column.name) {
    const readers = readBy(before, was.name);
    change({ kind: 'column-renamed', class: readers.length > 0 ? 'breaking' : 'automatic', detail: `${was.name} → ${column.name} (id ${column.id})${readers.length > 0 ? `; ${was.name} is still read by ${readers.join(', ')}` : ''}` });
  }
  if (was.type !== column.type) {
    // The manifest's logical types are named as the Iceberg spec's primitive types.
    const safe = canPromote(was.type, column.type);
    change({ kind: 'column-retyped', class: safe ? 'automatic' : 'breaking', detail: `type ${was.type} → ${column.type}${safe ? '' : `: ${PROMOTION_RULE}`}` });
  }
  if (was.nullable !== column.nullable) {
    change({ kind: 'column-nullability', class: column.nullable ? 'automatic' : 'breaking', detail: column.nullable ? 'not null → nullable' : 'nullable → not null: rows may hold nulls' });
  }
  if (was.classification !== column.classification) {
    if (column.classification === 'pii') change({ kind: 'pii-classified', class: 'backfill', detail: `now PII (${column.masking}): files written before hold it in clear and are rewritten masked` });
    else change({ kind: 'pii-declassified', class: 'breaking', detail: 'no longer PII: masked values cannot be unmasked, and grants would expose it' });
  } else if (was.masking !== column.masking) {
    change({ kind: 'pii-masking', class: 'backfill', detail: `masking ${was.masking} → ${column.masking}: files written before are rewritten` });
  }
  if (was.description !== column.description) change({ kind: 'column-doc', class: 'automatic', detail: 'description changed' });
  return changes;
}
