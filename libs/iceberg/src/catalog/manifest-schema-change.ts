// What it takes for an existing table to follow its lake manifest entry. Columns are matched by field id, the
// manifest's own, and the changes old data files stay readable under are made by themselves (the changes
// `datamaster plan` classes automatic): a new optional column (null in old files), a rename (read by id), a safe
// type promotion, a required column becoming optional, a new description, another order. Anything else (another
// type, a column made required, a new required column, another key or partitioning) needs a migration, and is
// refused.
import { icebergPartitionSpec, icebergSchema, InvalidInputError, type IcebergField, type LakeTable } from '@datamaster/lake-manifest';
import { MigrationRequiredError } from '../errors.js';
import { updateSchema, type SchemaUpdate } from '../evolution/schema-update.js';
import { currentSchema, defaultSpec } from '../metadata/metadata-file.js';
import type { TableChange } from '../metadata/table-change.js';
import { tableName, type IcebergTable } from './table.js';

/**
 * The change that brings `iceberg` to the schema `lakeTable` declares; undefined when it has it. Throws
 * MigrationRequiredError listing every difference it cannot make.
 */
export function schemaChangeToManifest(iceberg: IcebergTable, lakeTable: LakeTable): TableChange | undefined {
  const base = currentSchema(iceberg.metadata);
  const target = icebergSchema(lakeTable);
  const update = updateSchema(iceberg);
  const problems: string[] = [];
  // The builder's own rules (id reuse, type promotion, required columns) decide what can be done.
  const attempt = (change: (u: SchemaUpdate) => void) => {
    try {
      change(update);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      problems.push(error.message);
    }
  };
  for (const field of target.fields) {
    const existing = base.fields.find((f) => f.id === field.id);
    attempt((u) => {
      if (existing === undefined) u.addColumn(field.name, field.type, { id: field.id, doc: field.doc, required: field.required });
      else {
        if (existing.name !== field.name) u.renameColumn(existing.name, field.name);
        u.updateColumn(field.name, columnUpdate(existing, field));
      }
    });
  }
  // A column the manifest no longer has stays: new files leave it null, which only an optional column allows.
  for (const column of base.fields.filter((f) => f.required && !target.fields.some((t) => t.id === f.id))) {
    problems.push(`required column "${column.name}" (id ${column.id}) is in the table but not in the manifest, so new rows could not fill it`);
  }
  if (JSON.stringify([...base['identifier-field-ids']].sort()) !== JSON.stringify([...target['identifier-field-ids']].sort())) {
    problems.push(`the key (identifier field ids) is [${base['identifier-field-ids'].join(', ')}] in the table but [${target['identifier-field-ids'].join(', ')}] in the manifest`);
  }
  const partitioning = (fields: readonly { 'source-id': number; transform: string }[]) => JSON.stringify(fields.map((f) => [f['source-id'], f.transform]));
  if (partitioning(defaultSpec(iceberg.metadata).fields) !== partitioning(icebergPartitionSpec(lakeTable).fields)) {
    problems.push(`the partitioning is (${lakeTable.partitionBy.map((p) => p.column).join(', ') || 'none'}) in the manifest but not in the table`);
  }
  if (problems.length > 0) throw new MigrationRequiredError(tableName(iceberg.identifier), lakeTable.file, problems);
  inManifestOrder(update, target.fields);
  return JSON.stringify(update.apply().fields) === JSON.stringify(base.fields) ? undefined : update.change();
}

/** The parts of an existing column the manifest changes (updateColumn refuses the unsafe ones). */
function columnUpdate(existing: IcebergField, declared: IcebergField) {
  return {
    ...(declared.type === existing.type ? {} : { type: declared.type }),
    ...(declared.doc === existing.doc ? {} : { doc: declared.doc }),
    ...(declared.required === existing.required ? {} : { required: declared.required }),
  };
}

/** Puts the manifest's columns (all in the update by now, under their manifest names) in its order; columns only the table has follow them. */
function inManifestOrder(update: SchemaUpdate, declared: readonly IcebergField[]): void {
  const ids = new Set(declared.map((f) => f.id));
  const order = (fields: readonly IcebergField[]) => fields.filter((f) => ids.has(f.id)).map((f) => f.id).join(',');
  if (order(update.apply().fields) === order(declared)) return;
  declared.forEach((field, i) => {
    const previous = declared[i - 1];
    if (previous === undefined) update.moveFirst(field.name);
    else update.moveAfter(field.name, previous.name);
  });
}
