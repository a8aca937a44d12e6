// Partition evolution as Iceberg Java's UpdatePartitionSpec does it for v2 tables: the new spec gets a new spec id
// and becomes the default for new files, while files already written keep the spec id they were written with
// (their manifests say which), so nothing is rewritten. Only identity partitions, the lake manifest's transform.
import type { IcebergPartitionSpec } from '@datamaster/lake-manifest';
import { tableName, type IcebergTable } from '../catalog/table.js';
import { InvalidSchemaChangeError } from '../errors.js';
import { currentSchema, defaultSpec } from '../metadata/metadata-file.js';
import type { TableChange } from '../metadata/table-change.js';

type SpecField = IcebergPartitionSpec['fields'][number];

export class PartitionSpecUpdate {
  private readonly table: string;
  private readonly base: IcebergPartitionSpec;
  private fields: SpecField[];
  private lastPartitionId: number;

  constructor(private readonly iceberg: IcebergTable) {
    this.table = tableName(iceberg.identifier);
    this.base = defaultSpec(iceberg.metadata);
    this.fields = [...this.base.fields];
    this.lastPartitionId = iceberg.metadata['last-partition-id'];
  }

  /** Partitions new files by the value of `column`, in a partition field named `name` (default the column's). */
  addIdentity(column: string, name = column): this {
    const source = currentSchema(this.iceberg.metadata).fields.find((f) => f.name === column);
    if (source === undefined) throw new InvalidSchemaChangeError(this.table, column, 'there is no such column to partition by');
    if (this.fields.some((f) => f['source-id'] === source.id && f.transform === 'identity')) throw new InvalidSchemaChangeError(this.table, column, 'the spec already partitions by it');
    if (this.fields.some((f) => f.name === name)) throw new InvalidSchemaChangeError(this.table, name, 'the spec has a partition field of that name; choose another name');
    // A reader could not tell such a field from the column (only an identity field may carry its own column's name).
    if (name !== column && currentSchema(this.iceberg.metadata).fields.some((f) => f.name === name)) {
      throw new InvalidSchemaChangeError(this.table, name, 'a column has that name; name the partition field differently');
    }
    // The same partition field in an earlier spec keeps its id, so readers see one field across specs (as Java does).
    const earlier = this.iceberg.metadata['partition-specs'].flatMap((s) => s.fields).find((f) => f['source-id'] === source.id && f.transform === 'identity');
    const fieldId = earlier?.['field-id'] ?? ++this.lastPartitionId;
    this.fields.push({ 'source-id': source.id, 'field-id': fieldId, name, transform: 'identity' });
    return this;
  }

  /** New files are no longer partitioned by this field; files written with it keep it. */
  removeField(name: string): this {
    this.field(name);
    this.fields = this.fields.filter((f) => f.name !== name);
    return this;
  }

  renameField(name: string, newName: string): this {
    const field = this.field(name);
    if (newName !== name && this.fields.some((f) => f.name === newName)) throw new InvalidSchemaChangeError(this.table, name, `the spec has a partition field named "${newName}"`);
    this.fields = this.fields.map((f) => (f === field ? { ...f, name: newName } : f));
    return this;
  }

  /** The new spec; its spec-id is assigned when the change is applied. */
  apply(): IcebergPartitionSpec {
    return { ...this.base, fields: [...this.fields] };
  }

  /** The requirements and updates that make the new spec the default (see applyTableChange). */
  change(): TableChange {
    return {
      requirements: [
        { type: 'assert-default-spec-id', 'default-spec-id': this.base['spec-id'] },
        { type: 'assert-last-assigned-partition-id', 'last-assigned-partition-id': this.iceberg.metadata['last-partition-id'] },
      ],
      updates: [
        { action: 'add-spec', spec: this.apply() },
        { action: 'set-default-spec', 'spec-id': -1 },
      ],
    };
  }

  private field(name: string): SpecField {
    const field = this.fields.find((f) => f.name === name);
    if (field === undefined) {
      throw new InvalidSchemaChangeError(this.table, name, `the default partition spec has no such field; its fields are ${this.fields.map((f) => f.name).join(', ') || 'none'}`);
    }
    return field;
  }
}

/** Starts a partition spec change of `table`, as `table.updateSpec()` in Iceberg Java. */
export function updateSpec(table: IcebergTable): PartitionSpecUpdate {
  return new PartitionSpecUpdate(table);
}
