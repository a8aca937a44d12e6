// The source schema changes the lake manifest does not reflect yet, read back from the control records the
// delivery stream keeps under raw/_control/: a column the source added that the manifest does not declare, one it
// dropped that the manifest still declares, one whose type the manifest declares otherwise. The CDC stream stops
// at such a change; `datamaster plan` lists them, each with the manifest change that takes it.
import { CONTROL_PREFIX } from '@datamaster/lake-contract';
import { logicalTypeOfPgType, pgBaseType, pgColumnType, type LakeColumn, type LakeManifest } from '@datamaster/lake-manifest';
import { objectLines } from '../delivery/object-lines.js';
import type { ObjectSource } from '../delivery/object-source.js';
import { dmsControlRecordSchema } from '../envelope.js';
import { parseLsn } from '../router/lsn.js';
import { sourceTablesByQualifiedName, type SourceTableShape } from '../router/source-tables.js';

const COLUMN_OPERATIONS = ['add-column', 'drop-column', 'column-type-change'] as const;
export type ColumnOperation = (typeof COLUMN_OPERATIONS)[number];

export interface SourceSchemaChange {
  readonly operation: ColumnOperation;
  readonly column: string;
  /** The column's type in the source after the change; before it, for a drop. */
  readonly sourceType: string;
  /** When the source showed it: the commit time of the first transaction in the new shape (ISO 8601, UTC). */
  readonly at: string;
  /** What to change in the manifest to take it. */
  readonly manifestChange: string;
}

export interface SourceTableSchemaChanges {
  /** schema.table, as the source names it. */
  readonly sourceTable: string;
  /** The manifest file that declares the table; absent when none does. */
  readonly file?: string;
  readonly changes: readonly SourceSchemaChange[];
}

/** An object under raw/_control/ that is not the gzip NDJSON of DMS records the delivery stream writes. */
export class UnreadableControlObjectError extends Error {
  override readonly name = 'UnreadableControlObjectError';
  constructor(
    readonly key: string,
    cause: unknown,
  ) {
    super(`The control object ${key} cannot be read (${(cause as Error).message}): it is not gzip NDJSON of DMS control records as the delivery stream writes it; move it out of ${CONTROL_PREFIX} to see the others.`, { cause });
  }
}

/** One column change a control record names, where it stands in the stream. */
interface ColumnEvent {
  readonly sourceTable: string;
  readonly operation: ColumnOperation;
  readonly column: string;
  readonly type: string;
  readonly at: string;
  readonly order: readonly [string, bigint, string, number];
}

/** A column's latest change; `addedAt` is when the source added it, if it did and kept it since. */
interface ColumnState extends ColumnEvent {
  readonly addedAt?: string;
}

/**
 * Every source table with changes the manifest does not reflect, by table name. The records are taken in stream
 * order and the latest change of each column counts: a column added then dropped again is no change. The same
 * change recorded again (a stream started again before the manifest took it) keeps its first time.
 */
export async function readSourceSchemaChanges(source: ObjectSource, manifest: LakeManifest): Promise<SourceTableSchemaChanges[]> {
  const events = await readColumnEvents(source);
  events.sort((a, b) => compareOrder(a.order, b.order));
  const latest = new Map<string, Map<string, ColumnState>>();
  for (const event of events) {
    const columns = latest.get(event.sourceTable) ?? new Map<string, ColumnState>();
    latest.set(event.sourceTable, columns);
    const current = columns.get(event.column);
    if (current?.operation === event.operation && current.type === event.type) continue;
    const addedAt = event.operation === 'add-column' ? event.at : event.operation === 'column-type-change' ? current?.addedAt : undefined;
    columns.set(event.column, { ...event, addedAt });
  }
  const tables = sourceTablesByQualifiedName(manifest);
  return [...latest]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([sourceTable, columns]) => {
      const table = tables.get(sourceTable);
      const changes = [...columns.values()].flatMap((state) => notReflected(state, table)).sort((a, b) => a.at.localeCompare(b.at) || a.column.localeCompare(b.column));
      return changes.length === 0 ? [] : [{ sourceTable, ...(table ? { file: table.table.file } : {}), changes }];
    });
}

async function readColumnEvents(source: ObjectSource): Promise<ColumnEvent[]> {
  const events: ColumnEvent[] = [];
  for await (const object of source.listAll(CONTROL_PREFIX)) {
    let index = 0;
    const unreadable = (cause: unknown) => new UnreadableControlObjectError(object.key, cause);
    for await (const line of objectLines(await source.get(object.key), object.key, unreadable)) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw unreadable(error);
      }
      events.push(...columnEvents(value, object.key, index++));
    }
  }
  return events;
}

/** The column changes of one routed control line; none for a record of another operation or without columns. */
function columnEvents(value: unknown, key: string, index: number): ColumnEvent[] {
  const parsed = dmsControlRecordSchema.safeParse(value);
  if (!parsed.success) return [];
  const { data, metadata } = parsed.data;
  const operation = COLUMN_OPERATIONS.find((o) => o === metadata.operation);
  if (operation === undefined || data === undefined) return [];
  // The router stamps every control line with change_ts, the commit time normalized to microseconds.
  const routedAt = (value as { change_ts?: unknown }).change_ts;
  const at = typeof routedAt === 'string' ? routedAt : (metadata['commit-timestamp'] ?? metadata.timestamp);
  const position = parseLsn(metadata['stream-position'] ?? '') ?? -1n;
  return Object.entries(data).flatMap(([column, type]) =>
    typeof type === 'string' ? [{ sourceTable: `${metadata['schema-name']}.${metadata['table-name']}`, operation, column, type, at, order: [at, position, key, index] as const }] : [],
  );
}

function compareOrder(a: ColumnEvent['order'], b: ColumnEvent['order']): number {
  return a[0].localeCompare(b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || a[2].localeCompare(b[2]) || a[3] - b[3];
}

/** The change, when the manifest does not reflect it yet, with what would. */
function notReflected(state: ColumnState, table: SourceTableShape | undefined): SourceSchemaChange[] {
  const change = (manifestChange: string, at = state.at): SourceSchemaChange[] => [{ operation: state.operation, column: state.column, sourceType: state.type, at, manifestChange }];
  if (!table) return change(`${state.sourceTable} is not a source table of the manifest; declare it under tables/sources/ to take it`);
  const declared = table.table.columns.find((column) => column.name === state.column);
  const file = table.table.file;
  if (state.operation === 'drop-column') return declared ? change(`still declared in ${file}; remove it to take it`) : [];
  // Rows the lake already holds have no value for a column the source adds: it can only be nullable.
  if (!declared) return change(`not in ${file}; declare it (nullable, ${typeDeclaration(state.type)}) to take it`, state.addedAt);
  // Compared without modifiers, as the stream compares them: numeric is numeric(5,1).
  if (pgBaseType(pgColumnType(declared)) === pgBaseType(state.type)) return [];
  return change(`${file} declares it ${declared.type} (${pgColumnType(declared)}); declare ${typeDeclaration(state.type, declared)} to take it`);
}

/** How a column declares the source type: the logical type that maps to it, else `source.pgType`. */
function typeDeclaration(sourceType: string, declared?: LakeColumn): string {
  const logical = logicalTypeOfPgType(sourceType);
  if (logical === undefined) return `"source": { "pgType": "${sourceType}" } and a logical type that holds its values`;
  return `type ${logical}${declared?.source?.pgType === undefined ? '' : ' (without source.pgType)'}`;
}
