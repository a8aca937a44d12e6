// Schema evolution as Iceberg Java's UpdateSchema and PyIceberg's update_schema do it: changes collected against
// the table's current schema and committed together as one new schema. Columns are matched by field id, so a
// rename keeps the column's data, a dropped id is never reused, and an added column reads as null in old files.
import type { IcebergField, IcebergSchema, LogicalType } from '@datamaster/lake-manifest';
import { tableName, type IcebergTable } from '../catalog/table.js';
import { IncompatibleTypeChangeError, InvalidSchemaChangeError } from '../errors.js';
import { currentSchema } from '../metadata/metadata-file.js';
import type { TableChange } from '../metadata/table-change.js';
import { canPromote } from '@datamaster/lake-contract';

export interface AddColumnOptions {
  readonly doc?: string;
  /**
   * The field id; default last-column-id + 1. The lake manifest names its own ids, which its writers put in the
   * Parquet files, so the table must use the same. Any id no schema of the table has ever used is accepted.
   */
  readonly id?: number;
  /** true is refused: rows already written have no value for the column (v2 has no default values). */
  readonly required?: boolean;
}

export interface ColumnUpdate {
  /** A wider type (see canPromote). */
  readonly type?: string;
  readonly doc?: string;
  /** A required column may become optional; true is refused for an optional one (old files may hold nulls). */
  readonly required?: boolean;
}

const PRIMITIVE = /^(boolean|int|long|float|double|date|time|timestamp|timestamptz|timestamp_ns|timestamptz_ns|string|uuid|binary|decimal\(\d+,\s*\d+\)|fixed\[\d+\])$/;

export class SchemaUpdate {
  private readonly table: string;
  private readonly base: IcebergSchema;
  private fields: IcebergField[];
  private lastColumnId: number;
  /** Ids any schema of the table has had: never given to a new column, so no old data reappears under it. */
  private readonly usedIds: Set<number>;
  private readonly added = new Set<number>();
  private readonly changed = new Set<number>();

  constructor(private readonly iceberg: IcebergTable) {
    this.table = tableName(iceberg.identifier);
    this.base = currentSchema(iceberg.metadata);
    this.fields = [...this.base.fields];
    this.lastColumnId = iceberg.metadata['last-column-id'];
    this.usedIds = new Set(iceberg.metadata.schemas.flatMap((s) => s.fields.map((f) => f.id)));
  }

  addColumn(name: string, type: string, options: AddColumnOptions = {}): this {
    if (!PRIMITIVE.test(type)) throw new InvalidSchemaChangeError(this.table, name, `"${type}" is not an Iceberg primitive type; nested columns are not supported`);
    if (this.fields.some((f) => f.name === name)) throw new InvalidSchemaChangeError(this.table, name, 'a column of that name exists; rename or drop it first, or choose another name');
    if (options.required === true) {
      throw new InvalidSchemaChangeError(this.table, name, 'a required column cannot be added, as rows already written have no value for it (Iceberg v2 has no default values); add it as optional');
    }
    const id = options.id ?? this.lastColumnId + 1;
    if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidSchemaChangeError(this.table, name, `field id ${id} is not a positive integer`);
    if (this.usedIds.has(id)) {
      throw new InvalidSchemaChangeError(this.table, name, `field id ${id} is or was used by another column of the table, whose old values would reappear under it; give the column a new id`);
    }
    this.usedIds.add(id);
    this.added.add(id);
    this.lastColumnId = Math.max(this.lastColumnId, id);
    this.fields.push({ id, name, required: false, type: type as LogicalType, doc: options.doc ?? '' });
    return this;
  }

  deleteColumn(name: string): this {
    const field = this.field(name);
    if (this.added.has(field.id) || this.changed.has(field.id)) throw new InvalidSchemaChangeError(this.table, name, 'it is added or changed in this same update; drop it in an update of its own');
    if (this.base['identifier-field-ids'].includes(field.id)) {
      throw new InvalidSchemaChangeError(this.table, name, "it is one of the table's identifier fields (its primary key); a key column cannot be dropped");
    }
    const spec = this.iceberg.metadata['partition-specs'].find((s) => s.fields.some((f) => f['source-id'] === field.id));
    if (spec !== undefined) {
      throw new InvalidSchemaChangeError(this.table, name, `partition spec ${spec['spec-id']} partitions by it, and files written with that spec need it to be read; a partition source column cannot be dropped`);
    }
    this.fields = this.fields.filter((f) => f.id !== field.id);
    return this;
  }

  renameColumn(name: string, newName: string): this {
    const field = this.field(name);
    if (newName !== name && this.fields.some((f) => f.name === newName)) throw new InvalidSchemaChangeError(this.table, name, `a column named "${newName}" exists; rename or drop that one first`);
    return this.replace(field, { ...field, name: newName });
  }

  updateColumn(name: string, update: ColumnUpdate): this {
    const field = this.field(name);
    if (update.required === true && !field.required) {
      throw new InvalidSchemaChangeError(this.table, name, 'an optional column cannot become required: old files may hold nulls in it; rewrite the table (a migration) to do that');
    }
    if (update.type !== undefined && !canPromote(field.type, update.type)) throw new IncompatibleTypeChangeError(this.table, name, field.type, update.type);
    return this.replace(field, {
      ...field,
      ...(update.type === undefined ? {} : { type: update.type as LogicalType }),
      ...(update.doc === undefined ? {} : { doc: update.doc }),
      ...(update.required === false ? { required: false } : {}),
    });
  }

  moveFirst(name: string): this {
    const field = this.field(name);
    this.fields = [field, ...this.fields.filter((f) => f !== field)];
    return this;
  }

  moveBefore(name: string, before: string): this {
    return this.moveNextTo(name, before, 0);
  }

  moveAfter(name: string, after: string): this {
    return this.moveNextTo(name, after, 1);
  }

  /** The new schema; its schema-id is assigned when the change is applied. */
  apply(): IcebergSchema {
    return { ...this.base, fields: [...this.fields] };
  }

  /** The requirements and updates that commit the new schema (see applyTableChange). */
  change(): TableChange {
    return {
      requirements: [
        { type: 'assert-current-schema-id', 'current-schema-id': this.base['schema-id'] },
        { type: 'assert-last-assigned-field-id', 'last-assigned-field-id': this.iceberg.metadata['last-column-id'] },
      ],
      updates: [
        { action: 'add-schema', schema: this.apply() },
        { action: 'set-current-schema', 'schema-id': -1 },
      ],
    };
  }

  private field(name: string): IcebergField {
    const field = this.fields.find((f) => f.name === name);
    if (field === undefined) throw new InvalidSchemaChangeError(this.table, name, `there is no such column; the columns are ${this.fields.map((f) => f.name).join(', ')}`);
    return field;
  }

  private replace(field: IcebergField, changed: IcebergField): this {
    this.fields = this.fields.map((f) => (f === field ? changed : f));
    this.changed.add(field.id);
    return this;
  }

  private moveNextTo(name: string, other: string, offset: 0 | 1): this {
    const field = this.field(name);
    const anchor = this.field(other);
    if (field === anchor) throw new InvalidSchemaChangeError(this.table, name, 'a column cannot be moved next to itself');
    const rest = this.fields.filter((f) => f !== field);
    rest.splice(rest.indexOf(anchor) + offset, 0, field);
    this.fields = rest;
    return this;
  }
}

/** Starts a schema change of `table`, as `table.updateSchema()` in Iceberg Java. */
export function updateSchema(table: IcebergTable): SchemaUpdate {
  return new SchemaUpdate(table);
}
