// A source table whose columns changed in PostgreSQL (ALTER TABLE). pgoutput sends no DDL: the change shows as a
// relation message in the new shape, just before the first row written in it. The source stops there, and first
// delivers the change as DMS would with IncludeTableAlterOperations: control records, one per column.
import type { DmsControlOperation, DmsControlRecord } from '@datamaster/cdc';
import type { Pgoutput } from 'pg-logical-replication';
import { controlRecord, type ControlDetails } from './dms-records.js';
import { SourceSchemaDriftError } from './errors.js';
import { withClient } from './pg-client.js';
import { columnTypeNames } from './pg-types.js';
import { columnDifferences, describeDifference, type ColumnDifference } from './schema-drift.js';
import type { SourceShape } from './source-shapes.js';

/** A relation message whose columns differ from the manifest's: the decoder stops at it, the source describes it. */
export class RelationShapeChange extends Error {
  override readonly name = 'RelationShapeChange';
  constructor(
    readonly shape: SourceShape,
    readonly relation: Pgoutput.MessageRelation,
    readonly at: ControlDetails,
  ) {
    super(`The columns of ${relation.schema}.${relation.name} differ from the lake manifest's.`);
  }
}

export interface DescribedSchemaChange {
  readonly controlRecords: DmsControlRecord[];
  /** What stops the stream. */
  readonly error: SourceSchemaDriftError;
}

interface NamedColumn {
  readonly name: string;
  /** Compared: the type without its modifier. */
  readonly type: string;
  /** Recorded: the type as declared, e.g. numeric(5,2). */
  readonly declared: string;
}

/** The control record operation of each difference; a relation message does not carry nullability. */
const OPERATIONS: Readonly<Record<ColumnDifference['kind'], DmsControlOperation | undefined>> = {
  missing: 'drop-column',
  extra: 'add-column',
  type: 'column-type-change',
  nullability: undefined,
};

/** Names the relation's column types (one query) and turns each difference into a control record. */
export async function describeSchemaChange(connectionString: string, change: RelationShapeChange): Promise<DescribedSchemaChange> {
  const { shape, relation, at } = change;
  const names = await withClient(connectionString, (client) => columnTypeNames(client, relation.columns));
  const actual: NamedColumn[] = relation.columns.map((column, i) => ({ name: column.name, type: names[i]?.name ?? '', declared: names[i]?.declared ?? '' }));
  const expected: NamedColumn[] = shape.columns.map((column) => ({ name: column.name, type: column.type.name, declared: column.type.name }));
  const differences = columnDifferences(expected, actual);
  const tableDef = { columns: Object.fromEntries(actual.map((column) => [column.name, { type: column.declared }])), 'primary-key': relation.keyColumns };
  const controlRecords = differences.flatMap((difference) => {
    const operation = OPERATIONS[difference.kind];
    // The column as it is after the change; a dropped one as it was.
    const column = difference.kind === 'missing' ? difference.expected : difference.actual;
    return operation === undefined ? [] : [controlRecord(shape.source, operation, { name: column.name, type: column.declared }, tableDef, at)];
  });
  return { controlRecords, error: new SourceSchemaDriftError(`${relation.schema}.${relation.name}`, differences.map(describeDifference), 'stream') };
}
